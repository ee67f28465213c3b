import {
  defineEndpoint,
  type Endpoint,
  endpointGroups,
  subscriptionEndpoints,
  tierEndpoints,
} from '@portals/domain';
import Fastify, { type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerEndpoint } from '../src/lib/endpoint';
import { useTestApp } from './test-app';

interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  'x-access'?: string;
  'x-permission'?: string;
  'x-api-tokens'?: boolean;
  responses?: Record<string, unknown>;
}

const echo = defineEndpoint({
  method: 'POST',
  path: '/v1/test-echo/:name',
  params: z.object({ name: z.string().max(10) }),
  body: z.object({ count: z.number().int() }),
  response: { 201: z.object({ name: z.string(), count: z.number() }) },
  access: { public: true },
  tags: ['test'],
  summary: 'Echo what was sent',
});

/**
 * The API routes (`/v1`, documented) that were not registered from a definition, or whose
 * definition says another method or path: each should be a domain endpoint and `registerEndpoint`.
 */
const routesNotFromDefinitions = (routes: readonly RouteOptions[]): string[] =>
  routes
    .filter((route) => route.url.startsWith('/v1/') && !route.schema?.hide)
    .flatMap((route) =>
      (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({ route, method })),
    )
    .filter(({ method }) => method !== 'HEAD')
    .filter(({ route, method }) => {
      const endpoint = route.config?.endpoint;
      return !endpoint || endpoint.method !== method || endpoint.path !== route.url;
    })
    .map(({ route, method }) => `${method} ${route.url}`);

describe('the API', () => {
  const context = useTestApp();

  it('registers every /v1 route from an endpoint definition, and serves every definition', () => {
    const routes = context.app.registeredRoutes;
    expect(routes.filter((route) => route.url.startsWith('/v1/')).length).toBeGreaterThan(20);
    expect(routesNotFromDefinitions(routes)).toEqual([]);
    const served = new Set(routes.map((route) => route.config?.endpoint).filter(Boolean));
    const definitions: Endpoint[] = Object.values(endpointGroups).flatMap((group) => Object.values(group));
    const unserved = definitions.filter((endpoint) => !served.has(endpoint));
    expect(unserved.map((endpoint) => `${endpoint.method} ${endpoint.path}`)).toEqual([]);
  });

  it('notices a /v1 route registered without a definition (the check can fail)', async () => {
    const bare = Fastify({ logger: false });
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    const routes: RouteOptions[] = [];
    bare.addHook('onRoute', (route) => {
      routes.push(route);
    });
    bare.get('/v1/forgotten', { config: { access: { public: true } } }, async () => ({ ok: true }));
    bare.get('/v1/hidden', { schema: { hide: true } }, async () => ({ ok: true }));
    await bare.register(
      async (v1) => {
        registerEndpoint(v1, echo, async () => ({ name: 'x', count: 1 }));
      },
      { prefix: '/v1' },
    );
    await bare.ready();
    expect(routesNotFromDefinitions(routes)).toEqual(['GET /v1/forgotten']);
    await bare.close();
  });
});

describe('routes registered from endpoint definitions', () => {
  const context = useTestApp({ ready: false });
  const routes: RouteOptions[] = [];

  beforeAll(async () => {
    context.app.addHook('onRoute', (route) => {
      routes.push(route);
    });
    await context.app.register(
      async (v1) => {
        registerEndpoint(v1, echo, async (request) => ({
          name: request.params.name,
          count: request.body.count,
        }));
      },
      { prefix: '/v1' },
    );
    await context.app.ready();
  });

  it("answer at the definition's full path with its success status, validating what it declares", async () => {
    const created = await context.app.inject({
      method: 'POST',
      url: '/v1/test-echo/ada',
      payload: { count: 2 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ name: 'ada', count: 2 });

    const invalid = await context.app.inject({
      method: 'POST',
      url: '/v1/test-echo/ada',
      payload: { count: 'two' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);

    const tiers = await context.app.inject({ method: 'GET', url: tierEndpoints.list.path });
    expect(tiers.statusCode).toBe(200);
    expect(tiers.json().items.length).toBeGreaterThan(0);
    expect(routes.find((route) => route.url === echo.path)?.config?.endpoint).toBe(echo);
  });

  it('keep their access: a permission route refuses an anonymous caller', async () => {
    const response = await context.app.inject({ method: 'GET', url: subscriptionEndpoints.list.path });
    expect(response.statusCode).toBe(401);
  });

  it('are in the API document with their summary, tags, success status and access', async () => {
    const document = (await context.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const change = document.paths['/v1/staff/subscriptions/{subscriptionId}']?.patch;
    expect(change).toMatchObject({
      summary: subscriptionEndpoints.change.summary,
      tags: ['subscriptions'],
      'x-access': 'permission',
      'x-permission': 'subscription:manage:any',
      'x-api-tokens': true,
    });
    expect(Object.keys(change?.responses ?? {})).toContain('200');
    expect(document.paths['/v1/tiers']?.get?.['x-access']).toBe('public');
    const echoed = document.paths['/v1/test-echo/{name}']?.post;
    expect(echoed?.['x-access']).toBe('public');
    expect(Object.keys(echoed?.responses ?? {})).toContain('201');
  });

  it('refuses a definition whose path is outside the scope it is registered in', async () => {
    const bare = Fastify({ logger: false });
    await expect(
      bare.register(
        async (v2) => {
          registerEndpoint(v2, echo, async () => ({ name: 'x', count: 1 }));
        },
        { prefix: '/v2' },
      ),
    ).rejects.toThrow(/not under this scope's prefix \/v2/);
    await bare.close().catch(() => undefined);
  });
});
