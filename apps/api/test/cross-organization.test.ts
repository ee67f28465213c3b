import { CreatedApiToken, Problem } from '@portals/domain';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, createUser, type TestUser } from './fixtures';
import { buildTestApp } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

interface World {
  app: FastifyInstance;
  /** A contact of one organization, asking for… */
  caller: TestUser;
  /** …objects that belong to a contact of another organization. */
  owner: TestUser;
}

/**
 * Every route that takes an id, with a request for another organization's object.
 * A new id-taking route fails the first test until it has its case here.
 */
const cases: Record<string, (world: World) => Promise<LightMyRequestResponse>> = {
  'DELETE /v1/me/api-tokens/{tokenId}': async ({ app, caller, owner }) => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/me/api-tokens',
      headers: bearer(app, owner),
      payload: {
        name: 'Monitoring',
        scopes: ['subscription:read:org'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const { apiToken } = CreatedApiToken.parse(created.json());
    return app.inject({
      method: 'DELETE',
      url: `/v1/me/api-tokens/${apiToken.id}`,
      headers: bearer(app, caller),
    });
  },
};

describe("another organization's objects", () => {
  let database: TestDatabase;
  let world: World;

  beforeAll(async () => {
    database = await createTestDatabase();
    const app = await buildTestApp(database);
    await app.ready();
    world = {
      app,
      caller: await createUser(database, {
        organizationId: await createOrganization(database),
        roles: ['main'],
      }),
      owner: await createUser(database, {
        organizationId: await createOrganization(database),
        roles: ['main'],
      }),
    };
  });
  afterAll(async () => {
    await world.app.close();
    await database.drop();
  });

  it('has a case for every route that takes an id', async () => {
    const document = (await world.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const idRoutes = Object.entries(document.paths)
      .filter(([path]) => path.includes('{'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
    expect(idRoutes.sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [route, request] of Object.entries(cases)) {
    it(`${route} answers 404, never the object`, async () => {
      const response = await request(world);
      expect(response.statusCode).toBe(404);
      expect(Problem.parse(response.json()).code).toBe('not_found');
    });
  }
});
