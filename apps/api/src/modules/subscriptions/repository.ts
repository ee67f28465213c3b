import { and, asc, eq, gt } from 'drizzle-orm';
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

/** One page of an organization's subscriptions, in id order after `afterId`. */
export const listSubscriptionsOfOrganization = (
  executor: Executor,
  organizationId: string,
  page: { limit: number; afterId?: string },
) =>
  executor
    .select(columns)
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.organizationId, organizationId),
        page.afterId ? gt(subscriptions.id, page.afterId) : undefined,
      ),
    )
    .orderBy(asc(subscriptions.id))
    .limit(page.limit);
