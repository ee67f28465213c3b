import { Ticket } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys } from '../src/db/schema/index';
import { purgeExpiredIdempotencyKeys } from '../src/modules/idempotency-keys/service';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';
import { firstProductId } from './ticket-fixtures';

describe('idempotency keys expire after a day', () => {
  const context = useTestApp();
  let ada: TestUser;
  let productId: string;

  beforeAll(async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    ada = await context.factories.contact({ organizationId, roles: ['technical'] });
    productId = await firstProductId(context.database);
  });

  const open = (key: string, subject: string) =>
    context
      .as(ada)
      .post(
        '/v1/tickets',
        { subject, description: 'No VM is scheduled', productId, severity: 2 },
        { headers: { 'idempotency-key': key } },
      );
  const ticketIdOf = async (key: string, subject: string) => {
    const response = await open(key, subject);
    expect(response.statusCode, response.body).toBe(201);
    return Ticket.parse(response.json()).id;
  };
  const storedKeys = async () =>
    (await context.database.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys))
      .map((row) => row.key)
      .sort();
  const ageKey = (key: string, hours: number) =>
    context.database.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - make_interval(hours => ${hours})` })
      .where(eq(idempotencyKeys.key, key));

  it('removes keys older than 24 hours in batches, keeps younger ones, and a late retry creates anew', async () => {
    const old = ['old-1', 'old-2', 'old-3', 'old-4', 'old-5'];
    const oldTickets = new Map<string, string>();
    for (const key of old) {
      oldTickets.set(key, await ticketIdOf(key, `Opened as ${key}`));
      await ageKey(key, 25);
    }
    const recentTicket = await ticketIdOf('recent', 'Opened as recent');
    await ageKey('recent', 23);

    // Batches of two: five old keys take three statements, all in one run.
    expect(await purgeExpiredIdempotencyKeys(context.database.db, new Date(), 2)).toBe(5);
    expect(await storedKeys()).toEqual(['recent']);
    expect(await purgeExpiredIdempotencyKeys(context.database.db)).toBe(0);

    // Within the day, a retry still gets the first answer; after it, the same request is new work.
    expect(await ticketIdOf('recent', 'Opened as recent')).toBe(recentTicket);
    const late = await ticketIdOf('old-1', 'Opened as old-1');
    expect(late).not.toBe(oldTickets.get('old-1'));
    expect(await ticketIdOf('old-1', 'Opened as old-1')).toBe(late);
  });
});
