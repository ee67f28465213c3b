import type { Actor } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/client';
import { subscriptions, users } from '../src/db/schema/index';
import { appRole, privileged, readScoped, scopeOf, statementName, withScope } from '../src/db/scope';
import { deferSessionCheck } from '../src/db/session-check';
import { contactActor } from './fixtures';
import { useTestDatabase } from './test-app';

/**
 * Scoped transactions open with their first query, in the same round trip, and readScoped sends its
 * reads and the opening as one batch that is the whole transaction (docs/decisions/015). What must hold
 * whatever the batching: the scope applies to every statement, nothing of it outlives the transaction,
 * a query sent too late is refused rather than run unscoped, and a failed statement does not break the
 * connection's prepared statements.
 */

describe('scoped batches', () => {
  const context = useTestDatabase();
  let organizationA: string;
  let organizationB: string;
  let actorA: Actor;
  const settingsQuery = sql<{
    role: string;
    organization: string | null;
  }>`select current_user as role, current_setting('app.organization_id', true) as organization`;

  beforeAll(async () => {
    organizationA = await context.factories.organization({ tier: 'premium' });
    organizationB = await context.factories.organization({ tier: 'basic' });
    const main = await context.factories.contact({ organizationId: organizationA, roles: ['main'] });
    actorA = contactActor(main.id, organizationA);
  });

  it('runs every query of a batch in the scope, and leaves nothing of it on the connection', async () => {
    const single = connectDatabase(context.database.url, { max: 1 });
    try {
      const [mine, settings] = await readScoped(single.db, scopeOf(actorA), (tx) => [
        tx.select({ organizationId: subscriptions.organizationId }).from(subscriptions).execute(),
        tx.execute(settingsQuery).execute(),
      ]);
      expect(new Set(mine.map((row) => row.organizationId))).toEqual(new Set([organizationA]));
      expect(settings.rows[0]).toEqual({ role: appRole, organization: organizationA });

      const { rows } = await single.pool.query<{ role: string; organization: string | null }>(
        "select current_user as role, current_setting('app.organization_id', true) as organization",
      );
      expect(rows[0]?.role).not.toBe(appRole);
      expect(rows[0]?.organization ?? '').toBe('');
      const transaction = await single.pool.query<{ status: string }>(
        'select count(*)::text as status from pg_stat_activity where pid = pg_backend_pid() and xact_start is not null and state = $1',
        ['idle in transaction'],
      );
      expect(transaction.rows[0]?.status).toBe('0');
    } finally {
      await single.close();
    }
  });

  it('refuses a query sent after the batch has left, instead of running it outside the scope', async () => {
    const single = connectDatabase(context.database.url, { max: 1 });
    try {
      let late: Promise<unknown> | undefined;
      await expect(
        readScoped(single.db, scopeOf(actorA), (tx) => {
          late = (async () => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            return tx.select().from(subscriptions).execute();
          })();
          return [tx.select().from(subscriptions).execute(), late];
        }),
      ).rejects.toThrow(/returned 2 queries but sent 1/);
      await expect(late).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/after its end/) },
      });
      // The connection is clean for its next user.
      const [count] = await readScoped(single.db, scopeOf(actorA), (tx) => [
        tx.select({ id: subscriptions.id }).from(subscriptions).execute(),
      ]);
      expect(count).toHaveLength(1);
    } finally {
      await single.close();
    }
  });

  it('reports a statement that fails at once and keeps using its prepared statement afterwards', async () => {
    const single = connectDatabase(context.database.url, { max: 1 });
    const byOrganization = (organizationId: string) =>
      readScoped(single.db, scopeOf(actorA), (tx) => [
        tx
          .select({ id: subscriptions.id })
          .from(subscriptions)
          .where(eq(subscriptions.organizationId, organizationId))
          .execute(),
      ]);
    try {
      // A value PostgreSQL refuses when binding: the statement itself was prepared by the same batch.
      await expect(byOrganization('not a uuid')).rejects.toThrow(/Failed query/);
      const [own] = await byOrganization(organizationA);
      expect(own).toHaveLength(1);
      const [other] = await byOrganization(organizationB);
      expect(other).toEqual([]);
      // And the same statement in a transaction that continues after its first batch.
      const rows = await withScope(single.db, scopeOf(actorA), async (tx) => {
        await tx.execute(sql`select 1`);
        return tx
          .select({ id: subscriptions.id })
          .from(subscriptions)
          .where(eq(subscriptions.organizationId, organizationA));
      });
      expect(rows).toHaveLength(1);
    } finally {
      await single.close();
    }
  });

  it('answers 401 for a session that ended, whatever the batch read', async () => {
    const contact = await context.factories.contact({ organizationId: organizationA, roles: ['technical'] });
    const actor = contactActor(contact.id, organizationA);
    const check = { userId: contact.id, sessionVersion: 1, outcome: 'pending' as const };
    deferSessionCheck(actor, check);
    await privileged(context.database.db)
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, contact.id));
    await expect(
      readScoped(context.database.db, scopeOf(actor), (tx) => [tx.select().from(subscriptions).execute()]),
    ).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(check.outcome).toBe('ended');
  });

  it('names prepared statements within the 63 characters PostgreSQL keeps, distinct for distinct keys', () => {
    // A staff list's first and next pages: their keys differ only after the 63rd character.
    const first = 'tickets_list:any:visible:unassigned,organizationId::last_activity:desc:first';
    const next = 'tickets_list:any:visible:unassigned,organizationId::last_activity:desc:after';
    expect(statementName(first).length).toBeLessThanOrEqual(63);
    expect(statementName(first).slice(0, 63)).not.toBe(statementName(next).slice(0, 63));
    expect(statementName('user_by_id')).toBe('user_by_id');
  });
});
