import type {
  LiveEventAudience,
  LiveTicketEvent,
  TicketPresenceState,
  TicketSeverity,
} from '@portals/domain';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { organizations, ticketEvents, tickets, users } from '../../db/schema/index';
import type { PrivilegedExecutor, Scope, ScopedExecutor } from '../../db/scope';
import { eventVisibleTo, ticketVisibleTo } from '../tickets/repository';

/** What a stream sends of an event, as the rows come from the database. */
const liveEventColumns = {
  id: ticketEvents.id,
  ticketId: ticketEvents.ticketId,
  ticketNumber: tickets.number,
  kind: ticketEvents.kind,
  visibility: ticketEvents.visibility,
  status: tickets.status,
  severity: tickets.severity,
  createdAt: ticketEvents.createdAt,
};

type LiveEventRow = {
  id: number;
  ticketId: string;
  ticketNumber: number;
  kind: LiveTicketEvent['kind'];
  visibility: LiveTicketEvent['visibility'];
  status: LiveTicketEvent['status'];
  severity: number;
  createdAt: Date;
};

export const toLiveTicketEvent = (row: LiveEventRow): LiveTicketEvent => ({
  id: row.id,
  ticketId: row.ticketId,
  ticketNumber: row.ticketNumber,
  kind: row.kind,
  visibility: row.visibility,
  status: row.status,
  severity: row.severity as TicketSeverity,
  createdAt: row.createdAt.toISOString(),
});

/**
 * The events a reader missed after `afterId`, oldest first: scoped (row-level security beneath) and
 * with the read rule written into the query, as every ticket read is.
 */
export const listVisibleEventsAfter = (
  executor: ScopedExecutor,
  scope: Scope,
  afterId: number,
  limit: number,
): Promise<LiveEventRow[]> =>
  executor
    .select(liveEventColumns)
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(and(gt(ticketEvents.id, afterId), eventVisibleTo(scope), ticketVisibleTo(scope)))
    .orderBy(asc(ticketEvents.id))
    .limit(limit);

/**
 * Events and their tickets' audience, for every listener of the process at once (the hub then decides
 * per listener with the domain's `liveEventReaches`). Privileged, as the email job is: it has no actor,
 * and it decides for all of them from the same rows.
 */
export const unsafeReadEventsWithAudience = async (
  executor: PrivilegedExecutor,
  ids: readonly number[],
): Promise<{ event: LiveTicketEvent; audience: LiveEventAudience }[]> => {
  const rows = await executor
    .select({
      ...liveEventColumns,
      organizationId: ticketEvents.organizationId,
      requesterId: tickets.requesterUserId,
      ccUserIds: sql<
        string[]
      >`array(select cc.user_id from ticket_ccs cc where cc.ticket_id = ${tickets.id})`,
      organizationSharesTickets: organizations.ticketSharing,
    })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .innerJoin(organizations, eq(organizations.id, ticketEvents.organizationId))
    .where(inArray(ticketEvents.id, [...ids]))
    .orderBy(asc(ticketEvents.id));
  return rows.map((row) => ({
    event: toLiveTicketEvent(row),
    audience: {
      organizationId: row.organizationId,
      visibility: row.visibility,
      requesterId: row.requesterId,
      ccUserIds: row.ccUserIds,
      organizationSharesTickets: row.organizationSharesTickets,
    },
  }));
};

/** Ids of events after `afterId` (what a listener missed while its connection was down), oldest first. */
export const unsafeEventIdsAfter = async (
  executor: PrivilegedExecutor,
  afterId: number,
): Promise<number[]> => {
  const rows = await executor
    .select({ id: ticketEvents.id })
    .from(ticketEvents)
    .where(gt(ticketEvents.id, afterId))
    .orderBy(asc(ticketEvents.id))
    .limit(10_000);
  return rows.map((row) => row.id);
};

export const unsafeLatestEventId = async (executor: PrivilegedExecutor): Promise<number> => {
  const [row] = await executor.select({ id: sql<string | null>`max(${ticketEvents.id})` }).from(ticketEvents);
  return Number(row?.id ?? 0);
};

/** The session state of listeners' users, after notifications may have been missed. */
export const unsafeSessionStates = (executor: PrivilegedExecutor, userIds: readonly string[]) =>
  executor
    .select({ id: users.id, active: users.active, sessionVersion: users.sessionVersion })
    .from(users)
    .where(inArray(users.id, [...userIds]));

/**
 * Announces the actor on a ticket's page to every process's listeners, if the ticket is one the scope
 * sees: the notification leaves when the transaction commits. False when the ticket is not visible.
 */
export const announceTicketPresence = async (
  executor: ScopedExecutor,
  scope: Scope,
  channel: string,
  presence: { ticketId: string; userId: string; state: TicketPresenceState },
): Promise<boolean> => {
  const result = await executor.execute(sql`
    select pg_notify(${channel}, json_build_object(
      'ticketId', ${tickets.id}, 'userId', ${users.id}, 'name', ${users.name}, 'state', ${presence.state}::text)::text)
    from ${tickets} cross join ${users}
    where ${tickets.id} = ${presence.ticketId} and ${users.id} = ${presence.userId} and ${ticketVisibleTo(scope)}`);
  return result.rows.length === 1;
};
