import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { subscriptions } from '../../db/schema/index';

const columns = {
  id: subscriptions.id,
  organizationId: subscriptions.organizationId,
  tier: subscriptions.tier,
  servers: subscriptions.servers,
  termStart: subscriptions.termStart,
  termEnd: subscriptions.termEnd,
  status: subscriptions.status,
};

// Prepared once per database or transaction object: drizzle then skips rebuilding the SQL on every
// request, which the benchmark showed to be a quarter of this route's CPU time.
const prepare = (executor: Executor) => ({
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
const prepared = new WeakMap<Executor, ReturnType<typeof prepare>>();

/** One page of an organization's subscriptions, in id order after `afterId`. */
export const listSubscriptionsOfOrganization = (
  executor: Executor,
  organizationId: string,
  page: { limit: number; afterId?: string },
) => {
  let queries = prepared.get(executor);
  if (!queries) {
    queries = prepare(executor);
    prepared.set(executor, queries);
  }
  return page.afterId
    ? queries.nextPage.execute({ organizationId, afterId: page.afterId, limit: page.limit })
    : queries.firstPage.execute({ organizationId, limit: page.limit });
};
