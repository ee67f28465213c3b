import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, subscriptionNotices, subscriptions } from '../src/db/schema/index';
import { runRenewalChecks } from '../src/modules/subscriptions/renewals';
import type { TestUser } from './fixtures';
import { useTestDatabase } from './test-app';

const termEnd = '2026-12-01';
/** Noon UTC, `days` before the term ends. */
const daysBefore = (days: number) => new Date(Date.parse(`${termEnd}T12:00:00Z`) - days * 86_400_000);

describe('renewal checks', () => {
  const context = useTestDatabase();
  let organizationId: string;
  let subscriptionId: string;
  let otherSubscriptionId: string;
  let main: TestUser;

  beforeAll(async () => {
    organizationId = await context.factories.organization();
    main = await context.factories.contact({ organizationId, roles: ['main'] });
    await context.factories.contact({ organizationId, roles: ['technical'] });
    await context.factories.contact({ organizationId, roles: ['administrative'] });
    const [subscription] = await context.database.db
      .insert(subscriptions)
      .values({ organizationId, tier: 'advanced', servers: 8, termStart: '2026-01-01', termEnd })
      .returning({ id: subscriptions.id });
    const otherOrganizationId = await context.factories.organization();
    await context.factories.contact({ organizationId: otherOrganizationId, roles: ['main'] });
    const [other] = await context.database.db
      .insert(subscriptions)
      .values({
        organizationId: otherOrganizationId,
        tier: 'basic',
        servers: 2,
        termStart: '2026-01-01',
        termEnd: '2028-01-01',
      })
      .returning({ id: subscriptions.id });
    if (!subscription || !other) throw new Error('seed failed');
    subscriptionId = subscription.id;
    otherSubscriptionId = other.id;
  });

  const notices = () =>
    context.database.db
      .select({ daysBefore: subscriptionNotices.daysBefore })
      .from(subscriptionNotices)
      .where(eq(subscriptionNotices.subscriptionId, subscriptionId))
      .orderBy(subscriptionNotices.daysBefore);
  const emails = () =>
    context.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.kind, 'renewal_notice'), eq(emailOutbox.organizationId, organizationId)));
  const statusOf = async (id: string) =>
    (
      await context.database.db
        .select({ status: subscriptions.status })
        .from(subscriptions)
        .where(eq(subscriptions.id, id))
    )[0]?.status;

  it('sends nothing 95 days before the term ends', async () => {
    expect(await runRenewalChecks(context.database.db, daysBefore(95))).toEqual({
      expired: 0,
      noticesSent: 0,
    });
    expect(await notices()).toEqual([]);
    expect(await emails()).toEqual([]);
  });

  it('sends the 90-day notice to the main contact only, once however often it runs', async () => {
    expect((await runRenewalChecks(context.database.db, daysBefore(90))).noticesSent).toBe(1);
    expect((await runRenewalChecks(context.database.db, daysBefore(90))).noticesSent).toBe(0);
    expect((await runRenewalChecks(context.database.db, daysBefore(60))).noticesSent).toBe(0);
    expect(await notices()).toEqual([{ daysBefore: 90 }]);
    const sent = await emails();
    expect(sent.map((email) => email.toAddresses)).toEqual([[main.email]]);
    expect(sent[0]?.subject).toContain('90 days');
  });

  it('sends the 30-day notice at 29 days after the 90-day one, then the 7-day one', async () => {
    expect((await runRenewalChecks(context.database.db, daysBefore(29))).noticesSent).toBe(1);
    expect((await runRenewalChecks(context.database.db, daysBefore(29))).noticesSent).toBe(0);
    expect((await runRenewalChecks(context.database.db, daysBefore(7))).noticesSent).toBe(1);
    expect(await notices()).toEqual([{ daysBefore: 7 }, { daysBefore: 30 }, { daysBefore: 90 }]);
    expect(await emails()).toHaveLength(3);
    expect(await statusOf(subscriptionId)).toBe('active');
  });

  it('expires the subscription once its term has ended, and no other', async () => {
    expect(await runRenewalChecks(context.database.db, daysBefore(-1))).toEqual({
      expired: 1,
      noticesSent: 0,
    });
    expect(await statusOf(subscriptionId)).toBe('expired');
    expect(await statusOf(otherSubscriptionId)).toBe('active');
    expect(await runRenewalChecks(context.database.db, daysBefore(-2))).toEqual({
      expired: 0,
      noticesSent: 0,
    });
    expect(await emails()).toHaveLength(3);
  });
});
