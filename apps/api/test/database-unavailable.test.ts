import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build-server';
import { createFactories, type TestUser, testPassword } from './fixtures';
import { type OwnPostgres, startOwnPostgres } from './own-postgres';
import { openSse } from './sse-client';
import { signedInAs, testConfig } from './test-app';
import { createTicket } from './ticket-fixtures';
import { waitUntil } from './wait-until';

/** A PostgreSQL server of this file's own, so that it can be stopped and started again. */
describe('while PostgreSQL is unreachable', () => {
  let database: OwnPostgres;
  let app: FastifyInstance;
  let contact: TestUser;

  beforeAll(async () => {
    database = await startOwnPostgres('portals-outage-');
    const factories = createFactories(database);
    const organizationId = await factories.organization({ tier: 'premium' });
    contact = await factories.contact({ organizationId, roles: ['main'] });
    app = await buildServer({ config: testConfig(), db: database.db });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
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

    await database.stop();
    for (const response of [await readOrganization(), await signIn()]) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['retry-after']).toBe('2');
      expect(response.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
      // Nothing about the database's address or the query leaves the process.
      expect(response.body).not.toContain(String(database.port));
      expect(response.body).not.toContain('select');
    }
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);

    await database.start();
    expect((await readOrganization()).statusCode).toBe(200);
    expect((await signIn()).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  }, 60_000);

  it('starts while it is down, and its live events follow once it is back', async () => {
    await database.stop();
    const late = await buildServer({ config: testConfig(), db: database.db });
    try {
      await late.listen({ host: '127.0.0.1', port: 0 });
      expect((await late.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);

      await database.start();
      await waitUntil('the API is ready again', async () => {
        return (await late.inject({ method: 'GET', url: '/ready' })).statusCode === 200;
      });
      const address = late.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const stream = await openSse(`${base}/v1/events`, signedInAs(late, contact).headers);
      try {
        expect(stream.status).toBe(200);
        // Its listener keeps trying while the database is down; once it listens, new events reach the stream.
        await waitUntil('the live events listen again', async () => {
          const { rows } = await database.pool.query(
            "select 1 from pg_stat_activity where application_name = 'portals live events'",
          );
          return rows.length === 2;
        });
        const ticket = await createTicket(database, {
          organizationId: contact.claims.org ?? '',
          requesterUserId: contact.id,
        });
        await waitUntil('the new ticket is announced', () =>
          stream.events().some((event) => event.ticketId === ticket.id),
        );
      } finally {
        stream.close();
      }
    } finally {
      await late.close();
    }
  }, 60_000);
});
