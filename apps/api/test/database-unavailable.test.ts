import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build-server';
import { connectDatabase, type DatabaseHandle } from '../src/db/client';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrateDatabase } from '../src/db/migrate';
import { createFactories, type TestUser, testPassword } from './fixtures';
import { freePort } from './free-port';
import { signedInAs, testConfig } from './test-app';

/** A PostgreSQL server of this file's own, so that it can be stopped and started again. */
describe('while PostgreSQL is unreachable', () => {
  let dataDir: string;
  let port: number;
  let server: EmbeddedPostgres;
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let contact: TestUser;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-outage-'));
    port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
    database = connectDatabase(server.url, { onError: () => undefined });
    await migrateDatabase(database);
    const factories = createFactories({ ...database, url: server.url, drop: async () => undefined });
    const organizationId = await factories.organization({ tier: 'premium' });
    contact = await factories.contact({ organizationId, roles: ['main'] });
    app = await buildServer({ config: testConfig(), db: database.db });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    await server.stop();
    await rm(server.dataDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  const readOrganization = () => signedInAs(app, contact).get('/v1/organization');
  const signIn = () =>
    app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: contact.email, password: testPassword },
    });

  it('answers 503 problem details with Retry-After, and serves again once it is back', async () => {
    expect((await readOrganization()).statusCode).toBe(200);

    await server.stop();
    for (const response of [await readOrganization(), await signIn()]) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['retry-after']).toBe('2');
      expect(response.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
      // Nothing about the database's address or the query leaves the process.
      expect(response.body).not.toContain(String(port));
      expect(response.body).not.toContain('select');
    }
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);

    server = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
    expect((await readOrganization()).statusCode).toBe(200);
    expect((await signIn()).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  }, 60_000);
});
