import type { SubscriptionStatus, SubscriptionTier } from '@portals/domain';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { organizations, subscriptionNotices, subscriptions } from '../../db/schema/index';
import { type PrivilegedExecutor, preparedIn, type ScopedExecutor } from '../../db/scope';

// Qualified by hand: drizzle renders column references unqualified, which inside the subquery would
// resolve to the products' own id.
const subscriptionId = sql.raw('"subscriptions"."id"');

const columns = {
  id: subscriptions.id,
  organizationId: subscriptions.organizationId,
  tier: subscriptions.tier,
  servers: subscriptions.servers,
  termStart: subscriptions.termStart,
  termEnd: subscriptions.termEnd,
  status: subscriptions.status,
  currency: subscriptions.currency,
  /** The catalogue's products added as services (approved change requests), by the catalogue's order. */
  services: sql<{ id: string; name: string }[]>`coalesce((
    select json_agg(json_build_object('id', p.id, 'name', p.name) order by p.position, p.name)
    from subscription_services ss join products p on p.id = ss.product_id
    where ss.subscription_id = ${subscriptionId}), '[]'::json)`.as('services'),
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

/**
 * The first `limit` of an organization's subscriptions for its overview, active ones first by renewal
 * date, each row with how many the organization holds in all.
 */
export const listSubscriptionsForOverview = (
  executor: ScopedExecutor,
  organizationId: string,
  limit: number,
) =>
  executor
    .select({
      id: subscriptions.id,
      tier: subscriptions.tier,
      servers: subscriptions.servers,
      status: subscriptions.status,
      termEnd: subscriptions.termEnd,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(subscriptions)
    .where(eq(subscriptions.organizationId, organizationId))
    .orderBy(sql`${subscriptions.status} = 'active' desc`, asc(subscriptions.termEnd), asc(subscriptions.id))
    .limit(limit)
    .execute();

/**
 * Staff: active subscriptions whose term ends from today through the last day of this calendar month
 * (PostgreSQL's dates, as the organization directory's renewal filter reads them), reading no more than
 * `upTo`; with that last day and how many days away it is (the directory's `renewalWithinDays`).
 */
export const countRenewalsThisMonth = (executor: ScopedExecutor, upTo: number) =>
  executor
    .execute<{ subscriptions: number; organizations: number; through: string; within_days: number }>(sql`
      with month as (
        select (date_trunc('month', current_date::timestamp) + interval '1 month - 1 day')::date as last_day
      )
      select count(renewing.id)::int as subscriptions,
        count(distinct renewing.organization_id)::int as organizations,
        month.last_day::text as through, (month.last_day - current_date)::int as within_days
      from month left join lateral (
        select s.id, s.organization_id from ${subscriptions} as s
        where s.status = 'active' and s.term_end >= current_date and s.term_end <= month.last_day
        limit ${upTo}
      ) as renewing on true
      group by month.last_day`)
    // `then`, not `await`: sent at once, as one query of the staff overview's batch.
    .then((result) => {
      const row = result.rows[0];
      if (!row) throw new Error('the renewals count answered no row');
      return {
        subscriptions: row.subscriptions,
        organizations: row.organizations,
        through: row.through,
        withinDays: row.within_days,
      };
    });

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
