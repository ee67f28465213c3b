import type {
  OrganizationDirectoryKind,
  StaffRole,
  SubscriptionStatus,
  SubscriptionTier,
} from '@portals/domain';
import { and, arrayOverlaps, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { orderForms, organizations, subscriptions, users } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';
import { activeTierOf } from '../organizations/repository';

/** Staff-only: staff rows belong to no organization, and only a staff scope reads them. */
export const listStaffMembers = (
  executor: ScopedExecutor,
  options: { withRoles?: readonly StaffRole[]; after?: { name: string; id: string }; limit: number },
) =>
  executor
    .select({ id: users.id, name: users.name, email: users.email, roles: users.staffRoles })
    .from(users)
    .where(
      and(
        eq(users.kind, 'staff'),
        ...(options.withRoles
          ? [
              eq(users.active, true),
              isNull(users.removedAt),
              arrayOverlaps(users.staffRoles, [...options.withRoles]),
            ]
          : []),
        ...(options.after
          ? [sql`(${users.name}, ${users.id}) > (${options.after.name}, ${options.after.id}::uuid)`]
          : []),
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(options.limit);

/** `%`, `_` and `\` match themselves in the searched part. */
const likePattern = (part: string) => `%${part.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

// Qualified by hand: drizzle renders a lone table's columns unqualified, and inside a subquery a bare
// `id` would name the subquery's own row.
const organizationIdColumn = sql.raw('"organizations"."id"');
const registeringPartnerIdColumn = sql.raw('"organizations"."registering_partner_id"');

export interface OrganizationDirectoryFilter {
  /** A part of the name, of a current contact's name or email, or of an Order Form number. */
  searchPart?: string | undefined;
  kind?: OrganizationDirectoryKind | undefined;
  tier?: SubscriptionTier | undefined;
  subscriptionStatus?: SubscriptionStatus | undefined;
  renewalWithinDays?: number | undefined;
}

const kindCondition = (kind: OrganizationDirectoryKind) => {
  switch (kind) {
    case 'partner':
      return eq(organizations.kind, 'partner');
    case 'customer':
      return and(eq(organizations.kind, 'customer'), isNull(organizations.registeringPartnerId));
    case 'end_user':
      return and(eq(organizations.kind, 'customer'), isNotNull(organizations.registeringPartnerId));
  }
};

/**
 * Staff-only (organization:read:any): the organization directory, one query whatever the filters
 * (each row's tier, partner, main contact and next renewal are subqueries on indexed columns).
 * No index serves `like '%…%'`: under row-level security PostgreSQL keeps a non-leakproof operator
 * such as `like` out of index scans anyway (decision 015), and organizations number in the thousands.
 */
export const searchOrganizationDirectory = (
  executor: ScopedExecutor,
  filter: OrganizationDirectoryFilter,
  page: { after?: { name: string; id: string } | undefined; limit: number },
) => {
  const sortName = sql`lower(${organizations.name})`;
  const pattern = filter.searchPart ? sql`lower(${likePattern(filter.searchPart)})` : undefined;
  return executor
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      tier: activeTierOf(organizations.id),
      registeringPartner: sql<{ id: string; name: string } | null>`(
        select json_build_object('id', partner.id, 'name', partner.name) from ${organizations} as partner
        where partner.id = ${registeringPartnerIdColumn})`,
      mainContact: sql<{ name: string; email: string } | null>`(
        select json_build_object('name', main_user.name, 'email', main_user.email)
        from contact_roles main_role join ${users} as main_user on main_user.id = main_role.user_id
        where main_role.organization_id = ${organizationIdColumn} and main_role.role = 'main'
        limit 1)`,
      nextRenewalDate: sql<string | null>`(
        select min(renewing.term_end)::text from ${subscriptions} as renewing
        where renewing.organization_id = ${organizationIdColumn} and renewing.status = 'active')`,
      sortName: sql<string>`${sortName}`,
    })
    .from(organizations)
    .where(
      and(
        ...(pattern
          ? [
              // `in` rather than `exists`: under the `or`, PostgreSQL hashes each subquery's matches once
              // (a hashed subplan) instead of probing contacts and Order Forms for every organization.
              sql`(${sortName} like ${pattern}
                or ${organizations.id} in (select contact.organization_id from ${users} as contact
                  where contact.kind = 'contact' and contact.removed_at is null
                    and (lower(contact.name) like ${pattern} or lower(contact.email) like ${pattern}))
                or ${organizations.id} in (select form.organization_id from ${orderForms} as form
                  where lower(form.number) like ${pattern}))`,
            ]
          : []),
        ...(filter.kind ? [kindCondition(filter.kind)] : []),
        ...(filter.tier ? [sql`${activeTierOf(organizations.id)} = ${filter.tier}`] : []),
        ...(filter.subscriptionStatus
          ? [
              sql`exists (select 1 from ${subscriptions} as held
                where held.organization_id = ${organizationIdColumn} and held.status = ${filter.subscriptionStatus})`,
            ]
          : []),
        ...(filter.renewalWithinDays !== undefined
          ? [
              sql`exists (select 1 from ${subscriptions} as renewing
                where renewing.organization_id = ${organizationIdColumn} and renewing.status = 'active'
                  and renewing.term_end >= current_date
                  and renewing.term_end <= current_date + ${filter.renewalWithinDays}::int)`,
            ]
          : []),
        ...(page.after
          ? [sql`(${sortName}, ${organizations.id}) > (${page.after.name}, ${page.after.id}::uuid)`]
          : []),
      ),
    )
    .orderBy(sortName, asc(organizations.id))
    .limit(page.limit);
};

/** An organization as staff open it, with the partner that registered it; undefined if there is none. */
export const findOrganizationForStaff = async (executor: ScopedExecutor, organizationId: string) => {
  const [row] = await executor
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      partnerLevel: organizations.partnerLevel,
      ticketSharing: organizations.ticketSharing,
      createdAt: organizations.createdAt,
      registeringPartner: sql<{ id: string; name: string } | null>`(
        select json_build_object('id', partner.id, 'name', partner.name) from ${organizations} as partner
        where partner.id = ${registeringPartnerIdColumn})`,
    })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row;
};

/** The organization's processed Order Forms, newest first. */
export const listOrderFormsOfOrganization = (executor: ScopedExecutor, organizationId: string) =>
  executor
    .select({ number: orderForms.number, processedAt: orderForms.processedAt })
    .from(orderForms)
    .where(eq(orderForms.organizationId, organizationId))
    .orderBy(desc(orderForms.processedAt), asc(orderForms.number))
    .limit(100);

export const organizationExists = async (executor: ScopedExecutor, organizationId: string) =>
  (
    await executor
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
  ).length === 1;

/** An organization's current contacts (active, not removed), by name. */
export const listCurrentContacts = (executor: ScopedExecutor, organizationId: string) =>
  executor
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.kind, 'contact'),
        eq(users.active, true),
        isNull(users.removedAt),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
