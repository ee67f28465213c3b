import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build-server';
import { connectDatabase, type DatabaseHandle } from '../src/db/client';
import { signedInAs, testConfig, useTestDatabase } from './test-app';
import { createTicket } from './ticket-fixtures';

/**
 * Behind a transaction-mode pooler (docs/deploy.md) each transaction may run on another server
 * connection, which holds none of the statements the last one prepared. With
 * DATABASE_PREPARED_STATEMENTS=off every statement goes unnamed, so nothing depends on them.
 */
describe('a transaction-mode pooler without prepared statements', () => {
  const context = useTestDatabase();
  let ticketId: string;
  let contact: Awaited<ReturnType<typeof context.factories.contact>>;

  beforeAll(async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    contact = await context.factories.contact({ organizationId, roles: ['main'] });
    ticketId = (
      await createTicket(context.database, { organizationId, requesterUserId: contact.id, subject: 'Pooled' })
    ).id;
  });

  /** The app on a one-connection pool, and that connection, to see and drop what it prepared. */
  const appOn = async (preparedStatements: boolean) => {
    const handle = connectDatabase(context.database.url, { max: 1, preparedStatements });
    const app = await buildServer({ config: testConfig(), db: handle.db });
    await app.ready();
    return { handle, app };
  };

  const preparedOn = async (pool: pg.Pool) =>
    Number(
      (await pool.query<{ count: string }>('select count(*) from pg_prepared_statements')).rows[0]?.count,
    );

  /** What a pooler does between transactions, as far as statements go: the next server knows none. */
  const forgetStatements = (pool: pg.Pool) => pool.query('deallocate all');

  const readsThrough = async (app: FastifyInstance, handle: DatabaseHandle) => {
    const as = signedInAs(app, contact);
    const statuses: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const url of ['/v1/me', '/v1/tickets?view=organization', `/v1/tickets/${ticketId}`]) {
        const response = await as.get(url);
        statuses.push(response.statusCode);
        if (url.endsWith(ticketId)) expect(response.json<{ subject: string }>().subject).toBe('Pooled');
        await forgetStatements(handle.pool);
      }
    }
    return statuses;
  };

  let unnamed: { handle: DatabaseHandle; app: FastifyInstance } | undefined;
  let named: { handle: DatabaseHandle; app: FastifyInstance } | undefined;
  afterAll(async () => {
    for (const started of [unnamed, named]) {
      await started?.app.close();
      await started?.handle.close();
    }
  });

  it('answers every read though the statements are gone before each request, and prepares none', async () => {
    unnamed = await appOn(false);
    const statuses = await readsThrough(unnamed.app, unnamed.handle);
    expect(statuses.every((status) => status === 200)).toBe(true);
    await signedInAs(unnamed.app, contact).get(`/v1/tickets/${ticketId}`);
    expect(await preparedOn(unnamed.handle.pool)).toBe(0);
  });

  it('(by default, prepared statements are kept per connection: what the setting turns off)', async () => {
    named = await appOn(true);
    await signedInAs(named.app, contact).get(`/v1/tickets/${ticketId}`);
    expect(await preparedOn(named.handle.pool)).toBeGreaterThan(0);
  });
});
