import type { ContactRequestStatus, SeatHolderFacts, StaffRole, SubscriptionTier } from '@portals/domain';
import { and, arrayOverlaps, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { contactRequests, organizations, users } from '../../db/schema/index';
import type { PrivilegedExecutor, ScopedExecutor } from '../../db/scope';
import { seatHolderFactsSql } from '../contacts/repository';

const requestColumns = {
  id: contactRequests.id,
  organizationId: contactRequests.organizationId,
  kind: contactRequests.kind,
  status: contactRequests.status,
  requestedByUserId: contactRequests.requestedByUserId,
  name: contactRequests.name,
  email: contactRequests.email,
  phone: contactRequests.phone,
  targetUserId: contactRequests.targetUserId,
  reason: contactRequests.reason,
  decidedAt: contactRequests.decidedAt,
  declineReason: contactRequests.declineReason,
  createdContactId: contactRequests.createdContactId,
  createdAt: contactRequests.createdAt,
};
export type ContactRequestRow = typeof contactRequests.$inferSelect;

export const insertContactRequest = async (
  executor: ScopedExecutor,
  values: typeof contactRequests.$inferInsert,
) => {
  const [row] = await executor.insert(contactRequests).values(values).returning();
  if (!row) throw new Error('contact request not inserted');
  return row;
};

/** One page of the organization's requests, newest first, after the request `afterId`. */
export const listContactRequestsOfOrganization = (
  executor: ScopedExecutor,
  organizationId: string,
  page: { limit: number; afterId?: string | undefined },
) => {
  const after = page.afterId
    ? sql`(${contactRequests.createdAt}, ${contactRequests.id}) < (
        select cursor_row.created_at, cursor_row.id from ${contactRequests} as cursor_row
        where cursor_row.id = ${page.afterId} and cursor_row.organization_id = ${organizationId})`
    : undefined;
  return executor
    .select(requestColumns)
    .from(contactRequests)
    .where(and(eq(contactRequests.organizationId, organizationId), after))
    .orderBy(desc(contactRequests.createdAt), desc(contactRequests.id))
    .limit(page.limit);
};

// Qualified by hand: drizzle renders column references unqualified, which inside a subquery would
// resolve to the subquery's own table.
const requestOrganizationId = sql.raw('"contact_requests"."organization_id"');

/**
 * Staff-only, across organizations: oldest first (a queue), each with its organization, tier and
 * seat holders (for the domain's `seatUse`), all in one query.
 */
export const listContactRequestsOfAnyOrganization = (
  executor: ScopedExecutor,
  filter: { status?: ContactRequestStatus | undefined; organizationId?: string | undefined },
  page: { limit: number; afterId?: string | undefined },
) => {
  const after = page.afterId
    ? sql`(${contactRequests.createdAt}, ${contactRequests.id}) > (
        select cursor_row.created_at, cursor_row.id from ${contactRequests} as cursor_row
        where cursor_row.id = ${page.afterId})`
    : undefined;
  return executor
    .select({
      ...requestColumns,
      organizationName: organizations.name,
      tier: sql<SubscriptionTier | null>`(
        select s.tier::text from subscriptions s
        where s.organization_id = ${requestOrganizationId} and s.status = 'active'
        order by s.tier desc limit 1)`,
      seatHolders: sql<SeatHolderFacts[]>`${seatHolderFactsSql(requestOrganizationId)}`,
    })
    .from(contactRequests)
    .innerJoin(organizations, eq(organizations.id, contactRequests.organizationId))
    .where(
      and(
        filter.status ? eq(contactRequests.status, filter.status) : undefined,
        filter.organizationId ? eq(contactRequests.organizationId, filter.organizationId) : undefined,
        after,
      ),
    )
    .orderBy(asc(contactRequests.createdAt), asc(contactRequests.id))
    .limit(page.limit);
};

/** Locks the request (staff: of any organization), so two decisions on it apply one after the other. */
export const findContactRequestForUpdate = async (executor: ScopedExecutor, requestId: string) => {
  const [row] = await executor
    .select()
    .from(contactRequests)
    .where(eq(contactRequests.id, requestId))
    .for('update');
  return row;
};

export const markContactRequestDecided = async (
  executor: ScopedExecutor,
  organizationId: string,
  requestId: string,
  decision: {
    status: 'approved' | 'declined';
    decidedByUserId: string;
    declineReason?: string;
    createdContactId?: string;
  },
) => {
  const [row] = await executor
    .update(contactRequests)
    .set({
      status: decision.status,
      decidedByUserId: decision.decidedByUserId,
      decidedAt: new Date(),
      declineReason: decision.declineReason ?? null,
      createdContactId: decision.createdContactId ?? null,
    })
    .where(and(eq(contactRequests.organizationId, organizationId), eq(contactRequests.id, requestId)))
    .returning();
  if (!row) throw new Error('contact request not updated');
  return row;
};

/**
 * How many requests wait for a decision: across organizations (staff), or of one organization. With
 * `upTo`, no more than that many are read (a figure of the home overview).
 */
export const countPendingContactRequests = async (
  executor: ScopedExecutor,
  options: { organizationId?: string; upTo?: number } = {},
) => {
  const pending = and(
    eq(contactRequests.status, 'pending'),
    options.organizationId ? eq(contactRequests.organizationId, options.organizationId) : undefined,
  );
  if (options.upTo === undefined) {
    const [row] = await executor
      .select({ pending: sql<number>`count(*)::int` })
      .from(contactRequests)
      .where(pending)
      .execute();
    return Number(row?.pending ?? 0);
  }
  const matching = executor
    .select({ id: contactRequests.id })
    .from(contactRequests)
    .where(pending)
    .limit(options.upTo)
    .as('matching');
  // Sent at once (`execute()`): one query of the overview's batch.
  const [row] = await executor.select({ pending: sql<number>`count(*)::int` }).from(matching).execute();
  return Number(row?.pending ?? 0);
};

/**
 * Active staff holding one of `roles`, to be told of a request. Privileged: a contact's scope, in which
 * a request is made, sees no staff.
 */
export const unsafeListActiveStaffWithRoles = (executor: PrivilegedExecutor, roles: readonly StaffRole[]) =>
  executor
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.kind, 'staff'),
        eq(users.active, true),
        isNull(users.removedAt),
        arrayOverlaps(users.staffRoles, [...roles]),
      ),
    )
    .orderBy(users.email);
