import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

/** Routes outside the versioned API: operations probes, docs and the SPAs. */
const unversioned = [/^\/health$/, /^\/ready$/, /^\/docs/, /^\/$/];

describe('route registry', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('refuses to start when a route declares neither a permission nor public access', async () => {
    const other = await buildTestApp(database);
    other.get('/v1/forgotten', async () => ({ ok: true }));
    await expect(other.ready()).rejects.toThrow(/GET \/v1\/forgotten/);
    await other.close().catch(() => undefined);
  });

  it('documents every API route under /v1 with its permission', async () => {
    const document = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, Record<string, { 'x-permission'?: string }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    expect(paths).toContain('/v1/subscriptions');
    for (const path of paths) {
      if (!unversioned.some((pattern) => pattern.test(path))) expect(path).toMatch(/^\/v1\//);
      for (const operation of Object.values(document.paths[path] ?? {})) {
        expect(operation['x-permission'], `${path} states its permission`).toBeTruthy();
      }
    }
    expect(document.paths['/v1/subscriptions']?.get?.['x-permission']).toBe('subscription:read:org');
    expect(document.paths['/v1/tiers']?.get?.['x-permission']).toBe('public');
  });

  it('serves browsable API docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });
});
