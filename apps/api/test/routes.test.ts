import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AccessKind, accessKindOf, documentedPermissionOf, takesApiTokens } from '../src/plugins/access';
import { openapiPlugin } from '../src/plugins/openapi';
import { buildTestApp, useTestApp } from './test-app';

/** Routes outside the versioned API: operations probes, docs and the SPAs. */
const unversioned = [/^\/health$/, /^\/ready$/, /^\/docs/, /^\/$/];

interface OpenApiDocument {
  openapi: string;
  info: { description?: string };
  paths: Record<
    string,
    Record<string, { 'x-access'?: string; 'x-permission'?: string; 'x-api-tokens'?: boolean }>
  >;
}

const accessKinds: AccessKind[] = ['public', 'sign-in-session', 'authenticated', 'permission'];

/** Keeps the routes as registered, with their declared access, as they are added. */
const recordRoutes = (app: FastifyInstance): RouteOptions[] => {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  return routes;
};

/**
 * Where the API document and the registered routes disagree about access: every documented
 * route must state exactly what it declares (kind, permission, whether API tokens are taken).
 */
const accessMismatches = (document: OpenApiDocument, routes: RouteOptions[]): string[] =>
  routes
    .filter((route) => route.url.startsWith('/v1/') && !route.schema?.hide)
    .flatMap((route) => {
      const documentedPath = route.url.replace(/:(\w+)/g, '{$1}');
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter(
        (method) => method !== 'HEAD',
      );
      return methods.flatMap((method) => {
        const name = `${method} ${route.url}`;
        const operation = document.paths[documentedPath]?.[method.toLowerCase()];
        const access = route.config?.access;
        if (!operation) return [`${name} is not documented`];
        if (!access) return [`${name} declares no access`];
        const expected = {
          'x-access': accessKindOf(access),
          'x-permission': documentedPermissionOf(access),
          'x-api-tokens': takesApiTokens(access),
        };
        const documented = {
          'x-access': operation['x-access'],
          'x-permission': operation['x-permission'],
          'x-api-tokens': operation['x-api-tokens'],
        };
        return JSON.stringify(documented) === JSON.stringify(expected)
          ? []
          : [`${name} is documented as ${JSON.stringify(documented)}, declared ${JSON.stringify(expected)}`];
      });
    });

describe('route registry', () => {
  const context = useTestApp();
  let routes: RouteOptions[];

  beforeAll(async () => {
    routes = [...context.app.registeredRoutes];
  });

  it('refuses to start when a route declares neither a permission nor public access', async () => {
    const other = await buildTestApp(context.database);
    other.get('/v1/forgotten', async () => ({ ok: true }));
    await expect(other.ready()).rejects.toThrow(/GET \/v1\/forgotten/);
    await other.close().catch(() => undefined);
  });

  it('documents every API route under /v1 with exactly the access it declares', async () => {
    const document = (
      await context.app.inject({ method: 'GET', url: '/v1/openapi.json' })
    ).json() as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    expect(routes.filter((route) => route.url.startsWith('/v1/')).length).toBeGreaterThan(20);
    for (const path of Object.keys(document.paths)) {
      if (!unversioned.some((pattern) => pattern.test(path))) expect(path).toMatch(/^\/v1\//);
    }
    expect(accessMismatches(document, routes)).toEqual([]);
    expect(document.paths['/v1/subscriptions']?.get?.['x-permission']).toBe('subscription:read:org');
    expect(document.paths['/v1/tiers']?.get?.['x-permission']).toBe('public');
    // The document explains each kind of access it uses.
    for (const kind of accessKinds) expect(document.info.description).toContain(`\`${kind}\``);
  });

  it('notices an operation whose documented access differs from the route (the check can fail)', async () => {
    // The document plugin alone, so a route without a declaration can start and be documented.
    const bare = Fastify({ logger: false });
    const bareRoutes = recordRoutes(bare);
    await bare.register(openapiPlugin);
    bare.get('/v1/declared', { config: { access: { signInSession: true } } }, async () => ({ ok: true }));
    bare.get('/v1/undeclared', async () => ({ ok: true }));
    await bare.ready();
    const document = (
      await bare.inject({ method: 'GET', url: '/v1/openapi.json' })
    ).json() as OpenApiDocument;
    expect(accessMismatches(document, bareRoutes)).toEqual(['GET /v1/undeclared declares no access']);
    // Edited to claim API tokens are taken: caught too.
    const edited = structuredClone(document);
    const declared = edited.paths['/v1/declared']?.get;
    if (declared) declared['x-api-tokens'] = true;
    expect(accessMismatches(edited, bareRoutes)).toHaveLength(2);
    await bare.close();
  });

  it('serves browsable API docs: the page, its script and Scalar from this origin', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>Subscription portals API reference</title>');
    const script = await context.app.inject({ method: 'GET', url: '/docs/reference.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('"url": "/v1/openapi.json"');
    const scalar = await context.app.inject({ method: 'GET', url: '/docs/scalar/standalone.esm.js' });
    expect(scalar.statusCode).toBe(200);
    expect(scalar.headers['content-type']).toMatch(/javascript/);
  });
});
