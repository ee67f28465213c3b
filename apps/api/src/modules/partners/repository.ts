import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { organizations, subscriptions } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';

/** Scoped by construction: the caller passes their own organization's id. */
export const findOwnOrganizationKind = async (executor: ScopedExecutor, organizationId: string) => {
  const [organization] = await executor
    .select({ kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return organization?.kind;
};

/** One page of the end-user organizations a partner registered, in id order after `afterId`. */
export const listEndUsersOfPartner = (
  executor: ScopedExecutor,
  partnerId: string,
  page: { limit: number; afterId?: string },
) =>
  executor
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(
      and(
        eq(organizations.registeringPartnerId, partnerId),
        page.afterId ? gt(organizations.id, page.afterId) : undefined,
      ),
    )
    .orderBy(asc(organizations.id))
    .limit(page.limit);

/** The subscriptions of these end users, only if `partnerId` registered them. */
export const listSubscriptionsOfEndUsers = (
  executor: ScopedExecutor,
  partnerId: string,
  organizationIds: string[],
) =>
  executor
    .select({
      organizationId: subscriptions.organizationId,
      tier: subscriptions.tier,
      servers: subscriptions.servers,
      status: subscriptions.status,
      termEnd: subscriptions.termEnd,
    })
    .from(subscriptions)
    .innerJoin(organizations, eq(organizations.id, subscriptions.organizationId))
    .where(
      and(
        inArray(subscriptions.organizationId, organizationIds),
        eq(organizations.registeringPartnerId, partnerId),
      ),
    )
    .orderBy(asc(subscriptions.termEnd), asc(subscriptions.id));
