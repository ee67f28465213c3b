import type {
  SlaResponseKind,
  SubscriptionTier,
  SupportCalendar,
  TicketSeverity,
  TicketStatus,
} from '@portals/domain';
import { and, eq, sql } from 'drizzle-orm';
import {
  organizations,
  supportCalendars,
  ticketSlaBreaches,
  ticketSlaWarnings,
  tickets,
} from '../../db/schema/index';
import type { AnyExecutor, PrivilegedExecutor, ScopedExecutor } from '../../db/scope';
import { activeTierOf } from '../organizations/repository';

const calendarColumns = {
  timeZone: supportCalendars.timeZone,
  workingDays: sql<number[]>`${supportCalendars.workingDays}::int[]`,
  opens: supportCalendars.opens,
  closes: supportCalendars.closes,
  holidays: supportCalendars.holidays,
};

/** An organization's tier and support calendar: what its tickets' targets are counted with. */
export const findSlaSettingsOfOrganization = async (executor: ScopedExecutor, organizationId: string) => {
  const [row] = await executor
    .select({ tier: activeTierOf(organizations.id), ...calendarColumns })
    .from(organizations)
    .innerJoin(supportCalendars, eq(supportCalendars.key, organizations.supportCalendarKey))
    .where(eq(organizations.id, organizationId))
    .execute();
  return row && { tier: row.tier, calendar: calendarOf(row) };
};

const calendarOf = (row: {
  timeZone: string;
  workingDays: number[];
  opens: string;
  closes: string;
  holidays: string[];
}): SupportCalendar => ({
  timeZone: row.timeZone,
  workingDays: row.workingDays,
  opens: row.opens,
  closes: row.closes,
  holidays: row.holidays,
});

/** A ticket's SLA clock, severity, status, and its organization's tier and calendar (in the caller's lock). */
export const findSlaInputs = async (executor: ScopedExecutor, ticketId: string) => {
  const [row] = await executor
    .select({
      id: tickets.id,
      organizationId: tickets.organizationId,
      severity: sql<TicketSeverity>`${tickets.severity}`,
      status: sql<TicketStatus>`${tickets.status}`,
      owed: tickets.slaOwed,
      owedSince: tickets.slaOwedSince,
      periods: tickets.slaPeriods,
      pausedAt: tickets.slaPausedAt,
      startedAt: tickets.slaStartedAt,
      firstResponseDueAt: tickets.firstResponseDueAt,
      firstRespondedAt: tickets.firstRespondedAt,
      tier: activeTierOf(tickets.organizationId),
      ...calendarColumns,
    })
    .from(tickets)
    .innerJoin(organizations, eq(organizations.id, tickets.organizationId))
    .innerJoin(supportCalendars, eq(supportCalendars.key, organizations.supportCalendarKey))
    .where(eq(tickets.id, ticketId));
  return row && { ...row, calendar: calendarOf(row) };
};

export interface StoredSla {
  slaOwed: SlaResponseKind | null;
  slaOwedSince: Date | null;
  slaPeriods: { from: string; to?: string }[];
  slaPausedAt: Date | null;
  slaTier: SubscriptionTier | null;
  firstResponseDueAt: Date | null;
  firstRespondedAt: Date | null;
  nextResponseDueAt: Date | null;
  slaWarnAt: Date | null;
}

export const storeSla = async (executor: ScopedExecutor, ticketId: string, values: StoredSla) => {
  await executor.update(tickets).set(values).where(eq(tickets.id, ticketId));
};

export interface BreachInput {
  ticketId: string;
  organizationId: string;
  kind: SlaResponseKind;
  owedSince: Date;
  dueAt: Date;
  recordedAt: Date;
  tier: SubscriptionTier;
  severity: number;
}

/** Records a breach unless it is recorded already (the unique key); true when this call recorded it. */
export const recordBreach = async (executor: AnyExecutor, breach: BreachInput): Promise<boolean> => {
  const rows = await executor
    .insert(ticketSlaBreaches)
    .values(breach)
    .onConflictDoNothing({
      target: [ticketSlaBreaches.ticketId, ticketSlaBreaches.kind, ticketSlaBreaches.owedSince],
    })
    .returning({ id: ticketSlaBreaches.id });
  return rows.length === 1;
};

/** Records a warning unless one was sent for this target; true when this call recorded it. */
export const recordWarning = async (
  executor: PrivilegedExecutor,
  warning: {
    ticketId: string;
    organizationId: string;
    kind: SlaResponseKind;
    owedSince: Date;
    dueAt: Date;
    sentAt: Date;
  },
): Promise<boolean> => {
  const rows = await executor
    .insert(ticketSlaWarnings)
    .values(warning)
    .onConflictDoNothing({
      target: [ticketSlaWarnings.ticketId, ticketSlaWarnings.kind, ticketSlaWarnings.owedSince],
    })
    .returning({ id: ticketSlaWarnings.id });
  return rows.length === 1;
};

/**
 * Running targets whose warning time has come and that still lack their warning or, once due, their
 * breach: a page of them, oldest warning first, locked (a ticket someone is changing waits for the next run).
 */
export const findTargetsToCheck = async (executor: PrivilegedExecutor, now: Date, limit: number) =>
  executor
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      organizationId: tickets.organizationId,
      organizationName: organizations.name,
      assigneeUserId: tickets.assigneeUserId,
      severity: tickets.severity,
      tier: tickets.slaTier,
      owed: sql<SlaResponseKind>`${tickets.slaOwed}`,
      owedSince: sql<Date>`${tickets.slaOwedSince}`.mapWith(tickets.slaOwedSince),
      dueAt: sql<Date | null>`case ${tickets.slaOwed} when 'first_response' then ${tickets.firstResponseDueAt}
        else ${tickets.nextResponseDueAt} end`.mapWith(tickets.firstResponseDueAt),
      warned: sql<boolean>`exists (select 1 from ${ticketSlaWarnings} w where w.ticket_id = ${tickets.id}
        and w.kind = ${tickets.slaOwed} and w.owed_since = ${tickets.slaOwedSince})`,
      breached: sql<boolean>`exists (select 1 from ${ticketSlaBreaches} b where b.ticket_id = ${tickets.id}
        and b.kind = ${tickets.slaOwed} and b.owed_since = ${tickets.slaOwedSince})`,
    })
    .from(tickets)
    .innerJoin(organizations, eq(organizations.id, tickets.organizationId))
    .where(
      and(
        sql`${tickets.slaOwed} is not null and ${tickets.slaPausedAt} is null`,
        sql`${tickets.slaWarnAt} <= ${now}`,
        sql`not (exists (select 1 from ${ticketSlaWarnings} w where w.ticket_id = ${tickets.id}
            and w.kind = ${tickets.slaOwed} and w.owed_since = ${tickets.slaOwedSince})
          and (exists (select 1 from ${ticketSlaBreaches} b where b.ticket_id = ${tickets.id}
            and b.kind = ${tickets.slaOwed} and b.owed_since = ${tickets.slaOwedSince})
            or case ${tickets.slaOwed} when 'first_response' then ${tickets.firstResponseDueAt}
              else ${tickets.nextResponseDueAt} end > ${now}))`,
      ),
    )
    .orderBy(tickets.slaWarnAt)
    .limit(limit)
    .for('update', { of: tickets, skipLocked: true });
