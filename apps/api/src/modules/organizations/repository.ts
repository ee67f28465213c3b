import type { SubscriptionTier } from '@portals/domain';
import { type Column, eq, getTableName, sql } from 'drizzle-orm';
import { organizations, subscriptions } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';

const columns = {
  id: organizations.id,
  name: organizations.name,
  kind: organizations.kind,
  partnerLevel: organizations.partnerLevel,
  ticketSharing: organizations.ticketSharing,
};

/**
 * Scoped by construction: the caller passes their own organization's id. Sent at once (`execute()`), so
 * it can be one query of a batch (readScoped).
 */
export const findOwnOrganization = async (executor: ScopedExecutor, organizationId: string) => {
  const [organization] = await executor
    .select(columns)
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .execute();
  return organization;
};

export const setTicketSharing = async (
  executor: ScopedExecutor,
  organizationId: string,
  enabled: boolean,
) => {
  const [organization] = await executor
    .update(organizations)
    .set({ ticketSharing: enabled, updatedAt: new Date() })
    .where(eq(organizations.id, organizationId))
    .returning(columns);
  return organization;
};

/**
 * An organization's highest tier among its active subscriptions (the enum is ordered basic < premium).
 * Both sides named in full: drizzle leaves a lone table's columns bare, and a bare `id` or
 * `organization_id` inside the subquery would name the subscription's own.
 */
export const activeTierOf = (organizationId: Column) => {
  const outer = sql`${sql.identifier(getTableName(organizationId.table))}.${sql.identifier(organizationId.name)}`;
  return sql<SubscriptionTier | null>`(select max(active.tier) from ${subscriptions} as active
    where active.organization_id = ${outer} and active.status = 'active')`;
};
