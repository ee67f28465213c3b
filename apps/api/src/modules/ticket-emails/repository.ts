import type { ContactRole, EmailKind, StaffRole, TicketSeverity, TicketStatus } from '@portals/domain';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { organizations, ticketEvents, tickets, users } from '../../db/schema/index';
import type { PrivilegedExecutor } from '../../db/scope';

// The ticket-email job's reads: each one names exactly one event, ticket, organization or person.
// Subqueries name their tables explicitly: drizzle renders column references unqualified.

export const findTicketEvent = async (executor: PrivilegedExecutor, eventId: number) => {
  const [event] = await executor
    .select({
      id: ticketEvents.id,
      ticketId: ticketEvents.ticketId,
      organizationId: ticketEvents.organizationId,
      actorUserId: ticketEvents.actorUserId,
      kind: ticketEvents.kind,
      visibility: ticketEvents.visibility,
      body: ticketEvents.body,
      data: ticketEvents.data,
    })
    .from(ticketEvents)
    .where(eq(ticketEvents.id, eventId));
  return event;
};

/** A ticket with what decides who sees it (requester, CCs, the organization's sharing) and its words. */
export const findTicketForEmail = async (executor: PrivilegedExecutor, ticketId: string) => {
  const [ticket] = await executor
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      severity: sql<TicketSeverity>`${tickets.severity}`,
      status: sql<TicketStatus>`${tickets.status}`,
      organizationId: tickets.organizationId,
      organizationName: organizations.name,
      ticketSharing: organizations.ticketSharing,
      requesterId: tickets.requesterUserId,
      assigneeUserId: tickets.assigneeUserId,
      ccUserIds: sql<
        string[]
      >`array(select tc.user_id from ticket_ccs tc where tc.ticket_id = "tickets"."id")`,
    })
    .from(tickets)
    .innerJoin(organizations, eq(organizations.id, tickets.organizationId))
    .where(eq(tickets.id, ticketId));
  return ticket;
};

/** The organization's current contacts, with their roles and email preferences. */
export const listContactsOfOrganization = async (executor: PrivilegedExecutor, organizationId: string) =>
  executor
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      active: users.active,
      roles: sql<ContactRole[]>`coalesce(
        (select array_agg(cr.role::text order by cr.role) from contact_roles cr
          where cr.user_id = "users"."id" and cr.organization_id = "users"."organization_id"),
        '{}'::text[])`,
      preferences: sql<Partial<Record<EmailKind, boolean>>>`coalesce(
        (select jsonb_object_agg(ep.kind, ep.enabled) from email_preferences ep
          where ep.user_id = "users"."id" and ep.organization_id = "users"."organization_id"),
        '{}'::jsonb)`,
    })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), isNull(users.removedAt)));

/** Active staff: `userId` (an assignee) and, when `withRole` is given, everyone holding it. */
export const listActiveStaff = async (
  executor: PrivilegedExecutor,
  options: { userId?: string | null; withRole?: StaffRole },
) => {
  const which = [
    ...(options.userId ? [eq(users.id, options.userId)] : []),
    ...(options.withRole ? [sql`${options.withRole}::staff_role = any(${users.staffRoles})`] : []),
  ];
  if (which.length === 0) return [];
  return executor
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      staffRoles: users.staffRoles,
      twoFactorEnabled: sql<boolean>`${users.totpEnabledAt} is not null`,
    })
    .from(users)
    .where(and(eq(users.kind, 'staff'), eq(users.active, true), isNull(users.removedAt), or(...which)))
    .orderBy(users.email);
};

/** Who did something, as an email names them, and whether they are a contact or staff. */
export const findPerson = async (executor: PrivilegedExecutor, userId: string) => {
  const [person] = await executor
    .select({ name: users.name, kind: users.kind })
    .from(users)
    .where(eq(users.id, userId));
  return person;
};
