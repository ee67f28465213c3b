import type { ContactRole, SeatHolderFacts, SubscriptionTier } from '@portals/domain';
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { apiTokens, contactRoles, organizations, refreshTokens, users } from '../../db/schema/index';
import type { PrivilegedExecutor, ScopedExecutor } from '../../db/scope';

const contactColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  phone: users.phone,
  active: users.active,
  // Explicit table names: drizzle renders column references unqualified inside a subquery.
  // As text[]: node-postgres parses arrays of built-in types only, not of enums.
  roles: sql<ContactRole[]>`coalesce(
    (select array_agg(cr.role::text order by cr.role) from contact_roles cr where cr.user_id = "users"."id"),
    '{}'::text[])`.as('roles'),
};
export type ContactRow = {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  active: boolean;
  roles: ContactRole[];
};

/** A current (not removed) contact of the organization. */
const currentContactOf = (organizationId: string) =>
  and(eq(users.organizationId, organizationId), eq(users.kind, 'contact'), isNull(users.removedAt));

/**
 * Serializes contact changes within one organization: seat counts and role checks read by one
 * change cannot be outdated by a concurrent one. False when the organization does not exist.
 */
export const lockOrganization = async (executor: ScopedExecutor, organizationId: string) => {
  const [row] = await executor
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('update');
  return row;
};

/**
 * What `seatUse` (packages/domain) needs of each current contact of an organization, as one json
 * array: the definition of a seat in use is the domain's, not this query's. `organizationId` may be an
 * outer column (a staff list computes it per row).
 */
export const seatHolderFactsSql = (organizationId: unknown) => sql<SeatHolderFacts[]>`(
  select coalesce(json_agg(json_build_object(
    'roles', coalesce(
      (select array_agg(seat_role.role::text) from contact_roles seat_role where seat_role.user_id = seat_user.id),
      '{}'::text[]),
    'active', seat_user.active,
    'addedByApprovedRequest', exists(
      select 1 from contact_requests granted
      where granted.organization_id = seat_user.organization_id and granted.kind = 'technical_contact'
        and granted.status = 'approved' and granted.created_contact_id = seat_user.id))), '[]'::json)
  from users seat_user
  where seat_user.organization_id = ${organizationId} and seat_user.kind = 'contact'
    and seat_user.removed_at is null)`;

/**
 * The organization's tier and its contacts' seat facts, in one statement, sent at once (`then` rather
 * than `await`, which would start it a tick later): it can be one query of a batch (readScoped).
 */
export const findSeatFacts = (executor: ScopedExecutor, organizationId: string) =>
  executor
    .execute<{ tier: SubscriptionTier | null; contacts: SeatHolderFacts[] }>(sql`
      select (select s.tier::text from subscriptions s
          where s.organization_id = ${organizationId} and s.status = 'active'
          order by s.tier desc limit 1) as tier,
        ${seatHolderFactsSql(organizationId)} as contacts`)
    .then((result) => {
      const row = result.rows[0];
      return { tier: row?.tier ?? null, contacts: row?.contacts ?? [] };
    });

export const listCurrentContacts = async (executor: ScopedExecutor, organizationId: string) =>
  (await executor
    .select(contactColumns)
    .from(users)
    .where(currentContactOf(organizationId))
    .orderBy(asc(users.name), asc(users.id))) as ContactRow[];

/** Locks the contact's row: concurrent changes to one person apply one after the other. */
export const findCurrentContactForUpdate = async (
  executor: ScopedExecutor,
  organizationId: string,
  contactId: string,
) => {
  const [row] = await executor
    .select(contactColumns)
    .from(users)
    .where(and(currentContactOf(organizationId), eq(users.id, contactId)))
    .for('update', { of: users });
  return row as ContactRow | undefined;
};

export const findContactIdsWithRole = async (
  executor: ScopedExecutor,
  organizationId: string,
  role: ContactRole,
) => {
  const rows = await executor
    .select({ userId: contactRoles.userId })
    .from(contactRoles)
    .where(and(eq(contactRoles.organizationId, organizationId), eq(contactRoles.role, role)));
  return rows.map((row) => row.userId);
};

/**
 * Whether a user the scope sees holds this email: in the staff scope that is every user, so staff check
 * an email inside their transaction (a contact's scope sees only their organization's).
 */
export const isEmailTakenInStaffScope = async (executor: ScopedExecutor, email: string) => {
  const [row] = await executor
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return row !== undefined;
};

/** The organization of whoever holds an email (null for staff), or undefined when nobody does. */
export const unsafeFindEmailHolder = async (
  executor: PrivilegedExecutor,
  email: string,
  exceptUserId?: string,
) => {
  const [row] = await executor
    .select({ organizationId: users.organizationId })
    .from(users)
    .where(
      and(
        sql`lower(${users.email}) = lower(${email})`,
        exceptUserId ? ne(users.id, exceptUserId) : undefined,
      ),
    )
    .limit(1);
  return row;
};

/** Of `emails`, those someone holds, lowercased. */
export const unsafeFindHeldEmails = async (
  executor: PrivilegedExecutor,
  emails: string[],
): Promise<Set<string>> => {
  if (emails.length === 0) return new Set();
  const rows = await executor
    .select({ email: sql<string>`lower(${users.email})` })
    .from(users)
    .where(
      sql`lower(${users.email}) in (${sql.join(
        emails.map((email) => sql`lower(${email})`),
        sql`, `,
      )})`,
    );
  return new Set(rows.map((row) => row.email));
};

export const insertContact = async (
  executor: ScopedExecutor,
  organizationId: string,
  person: { name: string; email: string; phone?: string | null | undefined },
  roles: ContactRole[],
) => {
  const [row] = await executor
    .insert(users)
    .values({
      kind: 'contact',
      organizationId,
      name: person.name,
      email: person.email,
      phone: person.phone ?? null,
    })
    .returning({ id: users.id });
  if (!row) throw new Error('contact not inserted');
  if (roles.length > 0) {
    await executor
      .insert(contactRoles)
      .values(roles.map((role) => ({ organizationId, userId: row.id, role })));
  }
  return row.id;
};

export const insertContactRole = (
  executor: ScopedExecutor,
  organizationId: string,
  userId: string,
  role: ContactRole,
) => executor.insert(contactRoles).values({ organizationId, userId, role });

/** Takes one role away; the database ends the person's sessions (trigger on contact_roles). */
export const deleteContactRole = (
  executor: ScopedExecutor,
  organizationId: string,
  userId: string,
  role: ContactRole,
) =>
  executor
    .delete(contactRoles)
    .where(
      and(
        eq(contactRoles.organizationId, organizationId),
        eq(contactRoles.userId, userId),
        eq(contactRoles.role, role),
      ),
    );

export const updateContactDetails = (
  executor: ScopedExecutor,
  organizationId: string,
  contactId: string,
  changes: { name?: string; email?: string; phone?: string | null },
) =>
  executor
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(currentContactOf(organizationId), eq(users.id, contactId)));

/**
 * Removes a contact at once: no roles, inactive, every refresh token and API token revoked.
 * The user row stays, so their tickets and history keep their author.
 */
export const markContactRemoved = async (
  executor: ScopedExecutor,
  organizationId: string,
  contactId: string,
) => {
  const now = new Date();
  await executor
    .delete(contactRoles)
    .where(and(eq(contactRoles.organizationId, organizationId), eq(contactRoles.userId, contactId)));
  await executor
    .update(users)
    .set({
      active: false,
      removedAt: now,
      sessionVersion: sql`${users.sessionVersion} + 1`,
      updatedAt: now,
    })
    .where(and(eq(users.organizationId, organizationId), eq(users.id, contactId)));
  await executor
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(refreshTokens.userId, contactId),
        eq(refreshTokens.organizationId, organizationId),
        isNull(refreshTokens.revokedAt),
      ),
    );
  await executor
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(apiTokens.userId, contactId),
        eq(apiTokens.organizationId, organizationId),
        isNull(apiTokens.revokedAt),
      ),
    );
};
