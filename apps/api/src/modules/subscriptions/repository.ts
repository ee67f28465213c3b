import type { SubscriptionStatus, SubscriptionTier } from '@portals/domain';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { organizations, subscriptionNotices, subscriptions } from '../../db/schema/index';
import { type PrivilegedExecutor, preparedIn, type ScopedExecutor } from '../../db/scope';

const columns = {
  id: subscriptions.id,
  organizationId: subscriptions.organizationId,
  tier: subscriptions.tier,
  servers: subscriptions.servers,
  termStart: subscriptions.termStart,
  termEnd: subscriptions.termEnd,
  status: subscriptions.status,
  currency: subscriptions.currency,
};

// Prepared once per connection (a pooled connection keeps one scoped executor and drizzle session):
// drizzle then skips rebuilding the SQL on every request, which the benchmark showed to be a quarter of
// this route's CPU time, and PostgreSQL parses each named statement once per connection.
const prepare = (executor: ScopedExecutor) => ({
  firstPage: executor
    .select(columns)
    .from(subscriptions)
    .where(eq(subscriptions.organizationId, sql.placeholder('organizationId')))
    .orderBy(asc(subscriptions.id))
    .limit(sql.placeholder('limit'))
    .prepare('subscriptions_of_organization_first_page'),
  nextPage: executor
    .select(columns)
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.organizationId, sql.placeholder('organizationId')),
        gt(subscriptions.id, sql.placeholder('afterId')),
      ),
    )
    .orderBy(asc(subscriptions.id))
    .limit(sql.placeholder('limit'))
    .prepare('subscriptions_of_organization_next_page'),
});

/** One page of an organization's subscriptions, in id order after `afterId`. */
export const listSubscriptionsOfOrganization = (
  executor: ScopedExecutor,
  organizationId: string,
  page: { limit: number; afterId?: string },
) => {
  const queries = preparedIn(executor, 'subscriptions_of_organization', prepare);
  return page.afterId
    ? queries.nextPage.execute({ organizationId, afterId: page.afterId, limit: page.limit })
    : queries.firstPage.execute({ organizationId, limit: page.limit });
};

/** A subscription by id (staff: whatever its organization); locked for the change that follows. */
export const findSubscriptionForUpdate = async (executor: ScopedExecutor, subscriptionId: string) => {
  const [subscription] = await executor
    .select(columns)
    .from(subscriptions)
    .where(eq(subscriptions.id, subscriptionId))
    .for('update');
  return subscription;
};

/** Changes a subscription by id (staff: whatever its organization). */
export const updateSubscription = async (
  executor: ScopedExecutor,
  subscriptionId: string,
  change: { tier?: SubscriptionTier; servers?: number; termEnd?: string; status?: SubscriptionStatus },
) => {
  const [subscription] = await executor
    .update(subscriptions)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(subscriptions.id, subscriptionId))
    .returning(columns);
  return subscription;
};

/** Whether an organization exists (and is in the scope: staff see every one). */
export const organizationExists = async (executor: ScopedExecutor, organizationId: string) => {
  const [organization] = await executor
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return organization !== undefined;
};

/** Renewal job (all organizations): marks active subscriptions whose term ended on or before `today`. */
export const unsafeExpireEndedSubscriptions = (executor: PrivilegedExecutor, today: string) =>
  executor
    .update(subscriptions)
    .set({ status: 'expired', updatedAt: new Date() })
    .where(and(eq(subscriptions.status, 'active'), lte(subscriptions.termEnd, today)))
    .returning({ id: subscriptions.id, organizationId: subscriptions.organizationId });

/** Renewal job (all organizations): active subscriptions whose term ends after `today`, by `lastDay`. */
export const unsafeListSubscriptionsEndingBy = (
  executor: PrivilegedExecutor,
  today: string,
  lastDay: string,
) =>
  executor
    .select(columns)
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, 'active'),
        gt(subscriptions.termEnd, today),
        lte(subscriptions.termEnd, lastDay),
      ),
    )
    .orderBy(asc(subscriptions.id));

/** Records a renewal notice; false when this (subscription, term end, days before) was already sent. */
export const insertSubscriptionNotice = async (
  executor: PrivilegedExecutor,
  notice: { subscriptionId: string; organizationId: string; termEnd: string; daysBefore: number },
): Promise<boolean> => {
  const inserted = await executor
    .insert(subscriptionNotices)
    .values(notice)
    .onConflictDoNothing()
    .returning({ subscriptionId: subscriptionNotices.subscriptionId });
  return inserted.length > 0;
};
