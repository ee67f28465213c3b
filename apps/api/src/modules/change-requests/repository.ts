import type {
  ChangeRequestKind,
  ChangeRequestStatus,
  Currency,
  PartnerLevel,
  SubscriptionTier,
} from '@portals/domain';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { changeRequests, organizations, subscriptionServices } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';

/** A request as read: its row with the names it shows (organization, subscription, product, people). */
export type ChangeRequestView = {
  id: string;
  organization_id: string;
  organization_name: string;
  subscription_id: string | null;
  subscription_tier: SubscriptionTier | null;
  subscription_servers: number | null;
  currency: Currency | null;
  kind: ChangeRequestKind;
  status: ChangeRequestStatus;
  servers: number | null;
  product_id: string | null;
  product_name: string | null;
  tier: SubscriptionTier | null;
  from_tier: SubscriptionTier | null;
  end_user_name: string | null;
  end_user_contact_name: string | null;
  end_user_contact_email: string | null;
  end_user_organization_id: string | null;
  email_in_use: boolean;
  partner_level: PartnerLevel | null;
  from_partner_level: PartnerLevel | null;
  note: string | null;
  requested_by_user_id: string;
  requested_by_name: string | null;
  created_at: Date | string;
  reviewed_by_user_id: string | null;
  reviewed_by_name: string | null;
  review_started_at: Date | string | null;
  decided_by_user_id: string | null;
  decided_by_name: string | null;
  decided_at: Date | string | null;
  decline_reason: string | null;
  applied_at: Date | string | null;
  prorated_minor: string | number | null;
  invoice_id: string | null;
};

// A waiting registration's email in use is read for staff (whose scope sees every user) and never
// answered to a contact (decision 007).
// Staff names come from app_staff_names (a contact's scope sees no staff user); the requester is a user
// of the request's organization, which the reader's scope shows.
const viewSelect = sql`
  select cr.id, cr.organization_id, o.name as organization_name, cr.subscription_id,
    s.tier as subscription_tier, s.servers as subscription_servers, coalesce(s.currency, cr.currency) as currency,
    cr.kind, cr.status, cr.servers, cr.product_id, p.name as product_name, cr.tier, cr.from_tier,
    cr.end_user_name, cr.end_user_contact_name, cr.end_user_contact_email, cr.end_user_organization_id,
    (cr.status in ('submitted', 'in_review') and cr.end_user_contact_email is not null and exists (
      select 1 from users holder where lower(holder.email) = lower(cr.end_user_contact_email))) as email_in_use,
    cr.partner_level, cr.from_partner_level, cr.note,
    cr.requested_by_user_id, requester.name as requested_by_name, cr.created_at,
    cr.reviewed_by_user_id, reviewer.name as reviewed_by_name, cr.review_started_at,
    cr.decided_by_user_id, decider.name as decided_by_name, cr.decided_at, cr.decline_reason,
    cr.applied_at, cr.prorated_minor, cr.invoice_id
  from change_requests cr
  join organizations o on o.id = cr.organization_id
  left join subscriptions s on s.id = cr.subscription_id
  left join products p on p.id = cr.product_id
  left join users requester on requester.id = cr.requested_by_user_id
  left join app_staff_names reviewer on reviewer.id = cr.reviewed_by_user_id
  left join app_staff_names decider on decider.id = cr.decided_by_user_id`;

export type NewChangeRequest = typeof changeRequests.$inferInsert;

export const insertChangeRequest = async (executor: ScopedExecutor, values: NewChangeRequest) => {
  const [row] = await executor.insert(changeRequests).values(values).returning({ id: changeRequests.id });
  if (!row) throw new Error('change request not inserted');
  return row;
};

/** One request as read, in the scope (a contact: their organization's; staff: any). */
export const findChangeRequestView = async (executor: ScopedExecutor, requestId: string) => {
  const { rows } = await executor.execute<ChangeRequestView>(
    sql`${viewSelect} where cr.id = ${requestId}::uuid`,
  );
  return rows[0];
};

/** One page of an organization's requests, newest first, after the request `afterId`. */
export const listChangeRequestsOfOrganization = async (
  executor: ScopedExecutor,
  organizationId: string,
  page: { limit: number; afterId?: string | undefined },
) => {
  const after = page.afterId
    ? sql`and (cr.created_at, cr.id) < (select c.created_at, c.id from change_requests c
        where c.id = ${page.afterId}::uuid and c.organization_id = ${organizationId}::uuid)`
    : sql``;
  const { rows } = await executor.execute<ChangeRequestView>(sql`${viewSelect}
    where cr.organization_id = ${organizationId}::uuid ${after}
    order by cr.created_at desc, cr.id desc limit ${page.limit}`);
  return rows;
};

export interface StaffChangeRequestFilter {
  status?: ChangeRequestStatus | undefined;
  kind?: ChangeRequestKind | undefined;
  organizationId?: string | undefined;
}

const filterSql = (filter: Omit<StaffChangeRequestFilter, 'status'>): SQL =>
  sql.join(
    [
      sql`true`,
      ...(filter.kind ? [sql`cr.kind = ${filter.kind}`] : []),
      ...(filter.organizationId ? [sql`cr.organization_id = ${filter.organizationId}::uuid`] : []),
    ],
    sql` and `,
  );

/** Staff-only, across organizations: the inbox, oldest first (a queue). */
export const listChangeRequestsOfAnyOrganization = async (
  executor: ScopedExecutor,
  filter: StaffChangeRequestFilter,
  page: { limit: number; afterId?: string | undefined },
) => {
  const status = filter.status ? sql`and cr.status = ${filter.status}` : sql``;
  const after = page.afterId
    ? sql`and (cr.created_at, cr.id) > (select c.created_at, c.id from change_requests c where c.id = ${page.afterId}::uuid)`
    : sql``;
  const { rows } = await executor.execute<ChangeRequestView>(sql`${viewSelect}
    where ${filterSql(filter)} ${status} ${after}
    order by cr.created_at asc, cr.id asc limit ${page.limit}`);
  return rows;
};

/** Staff-only: how many requests are in each state, for the inbox's kind and organization filters. */
export const countChangeRequestsByStatus = async (
  executor: ScopedExecutor,
  filter: Omit<StaffChangeRequestFilter, 'status'>,
) => {
  const { rows } = await executor.execute<{ status: ChangeRequestStatus; count: number }>(sql`
    select cr.status, count(*)::int as count from change_requests cr
    where ${filterSql(filter)} group by cr.status`);
  return rows;
};

/** Locks the request, so that two decisions on it apply one after the other. */
export const findChangeRequestForUpdate = async (executor: ScopedExecutor, requestId: string) => {
  const [row] = await executor
    .select()
    .from(changeRequests)
    .where(eq(changeRequests.id, requestId))
    .for('update');
  return row;
};

export const updateChangeRequest = async (
  executor: ScopedExecutor,
  organizationId: string,
  requestId: string,
  change: Partial<typeof changeRequests.$inferInsert>,
) => {
  const [row] = await executor
    .update(changeRequests)
    .set(change)
    .where(and(eq(changeRequests.organizationId, organizationId), eq(changeRequests.id, requestId)))
    .returning({ id: changeRequests.id });
  if (!row) throw new Error('change request not updated');
  return row;
};

/** Adds a catalogue product to a subscription's services; false when it already had it. */
export const insertSubscriptionService = async (
  executor: ScopedExecutor,
  values: typeof subscriptionServices.$inferInsert,
) => {
  const inserted = await executor
    .insert(subscriptionServices)
    .values(values)
    .onConflictDoNothing()
    .returning({ productId: subscriptionServices.productId });
  return inserted.length > 0;
};

/** Whether a subscription already includes a product as a service. */
export const subscriptionHasService = async (
  executor: ScopedExecutor,
  subscriptionId: string,
  productId: string,
) => {
  const [row] = await executor
    .select({ productId: subscriptionServices.productId })
    .from(subscriptionServices)
    .where(
      and(
        eq(subscriptionServices.subscriptionId, subscriptionId),
        eq(subscriptionServices.productId, productId),
      ),
    );
  return row !== undefined;
};

/** A partner's kind and level: of the caller's own organization (scoped), or any for staff. */
export const findOrganizationPartnerLevel = async (executor: ScopedExecutor, organizationId: string) => {
  const [row] = await executor
    .select({ kind: organizations.kind, partnerLevel: organizations.partnerLevel })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row;
};

/** Staff: locks the organization whose partner level an approval changes. */
export const findOrganizationForUpdate = async (executor: ScopedExecutor, organizationId: string) => {
  const [row] = await executor
    .select({ id: organizations.id, kind: organizations.kind, partnerLevel: organizations.partnerLevel })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('update');
  return row;
};

export const updatePartnerLevel = async (
  executor: ScopedExecutor,
  organizationId: string,
  partnerLevel: PartnerLevel,
) => {
  const [row] = await executor
    .update(organizations)
    .set({ partnerLevel, updatedAt: new Date() })
    .where(and(eq(organizations.id, organizationId), eq(organizations.kind, 'partner')))
    .returning({ id: organizations.id });
  if (!row) throw new Error('partner level not updated');
  return row;
};

/** An organization's open requests of one kind: a registration's email or a level upgrade asked twice. */
export const listOpenChangeRequestsOfKind = (
  executor: ScopedExecutor,
  organizationId: string,
  kind: ChangeRequestKind,
) =>
  executor
    .select({ id: changeRequests.id, endUserContactEmail: changeRequests.endUserContactEmail })
    .from(changeRequests)
    .where(
      and(
        eq(changeRequests.organizationId, organizationId),
        eq(changeRequests.kind, kind),
        inArray(changeRequests.status, ['submitted', 'in_review']),
      ),
    );
