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
    .where(eq(tickets.id, ticketId))
    .execute();
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

/** Stores the clock and its times; `nextResponsesMet` more next responses were sent within their target. */
export const storeSla = async (
  executor: ScopedExecutor,
  ticketId: string,
  values: StoredSla,
  nextResponsesMet = 0,
) => {
  await executor
    .update(tickets)
    .set({
      ...values,
      ...(nextResponsesMet > 0
        ? { slaNextResponsesMet: sql`${tickets.slaNextResponsesMet} + ${nextResponsesMet}` }
        : {}),
    })
    .where(eq(tickets.id, ticketId));
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

/**
 * The report's rows: tickets whose SLA clock started in [from, to), by month (UTC), tier and severity.
 * Percentiles are PostgreSQL's percentile_cont over wall-clock minutes; merged duplicates count in the
 * responses but not in resolution times (their closing is the merge, not a solve).
 */
export const slaReportRows = async (executor: ScopedExecutor, from: Date, to: Date) => {
  const { rows } = await executor.execute<{
    month: string;
    tier: SubscriptionTier;
    severity: number;
    tickets: number;
    first_met: number;
    first_breached: number;
    next_met: number;
    next_breached: number;
    first_p50: number | null;
    first_p90: number | null;
    resolution_p50: number | null;
    resolution_p90: number | null;
  }>(sql`
    with counted as (
      select to_char(date_trunc('month', t.sla_started_at at time zone 'UTC'), 'YYYY-MM') as month,
        t.sla_tier as tier, t.severity, t.first_responded_at, t.sla_started_at, t.sla_next_responses_met,
        case when t.merged_into_ticket_id is null then coalesce(t.solved_at, t.closed_at) end as resolved_at,
        (select count(*) from ${ticketSlaBreaches} b
          where b.ticket_id = t.id and b.kind = 'first_response') as first_breaches,
        (select count(*) from ${ticketSlaBreaches} b
          where b.ticket_id = t.id and b.kind = 'next_response') as next_breaches
      from ${tickets} t
      where t.sla_tier is not null and t.sla_started_at >= ${from} and t.sla_started_at < ${to}
    )
    select month, tier, severity, count(*)::int as tickets,
      (count(*) filter (where first_responded_at is not null and first_breaches = 0))::int as first_met,
      (count(*) filter (where first_breaches > 0))::int as first_breached,
      coalesce(sum(sla_next_responses_met), 0)::int as next_met,
      coalesce(sum(next_breaches), 0)::int as next_breached,
      percentile_cont(0.5) within group (order by extract(epoch from first_responded_at - sla_started_at) / 60)
        as first_p50,
      percentile_cont(0.9) within group (order by extract(epoch from first_responded_at - sla_started_at) / 60)
        as first_p90,
      percentile_cont(0.5) within group (order by extract(epoch from resolved_at - sla_started_at) / 60)
        as resolution_p50,
      percentile_cont(0.9) within group (order by extract(epoch from resolved_at - sla_started_at) / 60)
        as resolution_p90
    from counted
    group by month, tier, severity
    order by month, tier, severity`);
  return rows;
};
