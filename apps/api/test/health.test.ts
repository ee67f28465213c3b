import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build-server';
import { connectDatabase } from '../src/db/client';
import { freePort } from './free-port';
import { buildTestApp, testConfig } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

describe('health and readiness', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('says it is alive', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when its database answers', async () => {
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'up' } });
  });

  it('is not ready when its database is unreachable', async () => {
    const unreachable = connectDatabase(`postgres://postgres@127.0.0.1:${await freePort()}/none`);
    const broken = await buildServer({ config: testConfig(), db: unreachable.db });
    try {
      const response = await broken.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'not_ready', checks: { database: 'down' } });
    } finally {
      await broken.close();
      await unreachable.close();
    }
  });
});
