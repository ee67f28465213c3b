import {
  type Actor,
  advanceSlaClock,
  defaultSlaTargets,
  hasPermission,
  type SlaEvent,
  type SlaReport,
  type SlaReportQuery,
  type SubscriptionTier,
  type SupportCalendar,
  slaTargetOf,
  slaTimesOf,
  type TicketSeverity,
  type TicketSlaClock,
  type TicketSlaTimes,
} from '@portals/domain';
import { type DatabaseAccess, privileged, type ScopedExecutor, scopeOf, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { queueEmail } from '../email/outbox';
import { portalUrl } from '../email/templates/layout';
import { ticketSlaWarningEmail } from '../email/templates/ticket-sla-warning';
import { listActiveStaff } from '../ticket-emails/repository';
import { ticketStaffAlertKind } from '../ticket-emails/service';
import {
  type BreachInput,
  findSlaInputs,
  findTargetsToCheck,
  recordBreach,
  recordWarning,
  type StoredSla,
  slaReportRows,
  storeSla,
} from './repository';

/** A ticket's SLA clock and basis as findSlaInputs reads them (undefined: no such ticket). */
export type SlaInputs = Awaited<ReturnType<typeof findSlaInputs>>;

/** The moment an event happens, by the API's clock (tests set it), and when warnings go out. */
export interface SlaSettings {
  now: Date;
  /** The share of a target after which staff are warned (SLA_WARNING_PERCENT / 100). */
  warnShare: number;
}

/** The settings of a request's SLA moves: the app's clock and configuration. */
export const slaSettingsOf = (app: {
  clock: () => Date;
  config: { sla: { warnShare: number } };
}): SlaSettings => ({ now: app.clock(), warnShare: app.config.sla.warnShare });

/** What the targets are counted with: the organization's tier (none: no target) and calendar. */
export interface SlaBasis {
  tier: SubscriptionTier | null;
  calendar: SupportCalendar;
  severity: TicketSeverity;
}

const storedPeriods = (clock: TicketSlaClock) =>
  clock.periods.map((period) => ({
    from: period.from.toISOString(),
    ...(period.to ? { to: period.to.toISOString() } : {}),
  }));

/** The columns a clock and its times give; the first response's due time stays once it is answered. */
const storedOf = (
  clock: TicketSlaClock,
  times: TicketSlaTimes,
  tier: SubscriptionTier | null,
  firstResponseDueAt: Date | null,
): StoredSla => ({
  slaOwed: clock.owed,
  slaOwedSince: clock.owedSince,
  slaPeriods: storedPeriods(clock),
  slaPausedAt: clock.pausedAt,
  slaTier: tier,
  firstResponseDueAt: clock.owed === 'first_response' ? times.dueAt : firstResponseDueAt,
  firstRespondedAt: clock.firstRespondedAt,
  nextResponseDueAt: clock.owed === 'next_response' ? times.dueAt : null,
  slaWarnAt: times.warnAt,
});

const breachOf = (
  ticket: { id: string; organizationId: string },
  times: TicketSlaTimes,
  basis: SlaBasis,
  now: Date,
): BreachInput[] =>
  times.breach && basis.tier
    ? [
        {
          ticketId: ticket.id,
          organizationId: ticket.organizationId,
          kind: times.breach.kind,
          owedSince: times.breach.since,
          dueAt: times.breach.dueAt,
          recordedAt: now,
          tier: basis.tier,
          severity: basis.severity,
        },
      ]
    : [];

const targetOf = (basis: SlaBasis) => slaTargetOf(defaultSlaTargets, basis.tier, basis.severity);

/** A new ticket's SLA columns: the first response owed from now (paused if it opens waiting on the customer). */
export const slaOfNewTicket = (basis: SlaBasis, settings: SlaSettings) => {
  const clock = advanceSlaClock(blankClock, { kind: 'created', status: 'new' }, settings.now);
  const times = slaTimesOf(clock, targetOf(basis), basis.calendar, settings.now, settings.warnShare);
  return { ...storedOf(clock, times, basis.tier, null), slaStartedAt: settings.now };
};

/** A clock with nothing owed yet: a ticket the moment before its creation. */
const blankClock: TicketSlaClock = {
  owed: null,
  owedSince: null,
  periods: [],
  pausedAt: null,
  firstRespondedAt: null,
};

export interface SlaStep {
  event: SlaEvent;
  at: Date;
}

/**
 * The clock moved through `steps` (each at its own moment), and its times at `now`. Before each step, a
 * target found exceeded is a breach (an answer that came late, say, before the job noticed), and a staff
 * reply that meets an owed next response counts as one met. Pure: the callers store what it gives.
 */
export const runSlaSteps = (
  start: { clock: TicketSlaClock; firstResponseDueAt: Date | null },
  ticket: { id: string; organizationId: string },
  basis: SlaBasis,
  steps: readonly SlaStep[],
  now: Date,
  warnShare: number,
) => {
  const target = targetOf(basis);
  let { clock, firstResponseDueAt } = start;
  const breaches: BreachInput[] = [];
  let nextResponsesMet = 0;
  for (const { event, at } of steps) {
    const before = slaTimesOf(clock, target, basis.calendar, at, warnShare);
    breaches.push(...breachOf(ticket, before, basis, at));
    if (event.kind === 'staff_replied' && clock.owed === 'next_response' && target && !before.breach) {
      nextResponsesMet += 1;
    }
    if (clock.owed === 'first_response') firstResponseDueAt = before.dueAt ?? firstResponseDueAt;
    clock = advanceSlaClock(clock, event, at);
  }
  const times = slaTimesOf(clock, target, basis.calendar, now, warnShare);
  breaches.push(...breachOf(ticket, times, basis, now));
  return {
    stored: storedOf(clock, times, basis.tier, firstResponseDueAt),
    breaches,
    nextResponsesMet,
  };
};

/**
 * Moves a ticket's SLA clock through `events` at `settings.now` and stores the due times, in the caller's
 * transaction (which holds the ticket's lock). With no events it re-targets: after a change of severity
 * or tier, the same periods count against the new target. Breaches found on the way are recorded, once.
 * Tickets from before SLAs are left alone.
 */
export const moveSlaClock = async (
  tx: ScopedExecutor,
  ticketId: string,
  events: readonly SlaEvent[],
  settings: SlaSettings,
  /** The ticket's SLA inputs when the caller read them with its own first statements (saves a round trip). */
  read?: { inputs: SlaInputs },
): Promise<void> => {
  const row = read ? read.inputs : await findSlaInputs(tx, ticketId);
  if (!row?.startedAt) return;
  const clock: TicketSlaClock = {
    owed: row.owed,
    owedSince: row.owedSince,
    periods: row.periods.map((period) => ({
      from: new Date(period.from),
      ...(period.to ? { to: new Date(period.to) } : {}),
    })),
    pausedAt: row.pausedAt,
    firstRespondedAt: row.firstRespondedAt,
  };
  const { stored, breaches, nextResponsesMet } = runSlaSteps(
    { clock, firstResponseDueAt: row.firstResponseDueAt },
    row,
    { tier: row.tier, calendar: row.calendar, severity: row.severity },
    events.map((event) => ({ event, at: settings.now })),
    settings.now,
    settings.warnShare,
  );
  await storeSla(tx, ticketId, stored, nextResponsesMet);
  for (const breach of breaches) await recordBreach(tx, breach);
};

/**
 * The SLA columns of a ticket written with a past (the demo data): its history replayed from its opening,
 * its times as of `now`, and the breaches met on the way.
 */
export const slaOfHistory = (
  ticket: { id: string; organizationId: string },
  basis: SlaBasis,
  openedAt: Date,
  steps: readonly SlaStep[],
  now: Date,
  warnShare: number,
) => {
  const result = runSlaSteps(
    { clock: blankClock, firstResponseDueAt: null },
    ticket,
    basis,
    [{ event: { kind: 'created', status: 'new' }, at: openedAt }, ...steps],
    now,
    warnShare,
  );
  return { ...result, stored: { ...result.stored, slaStartedAt: openedAt } };
};

// The job.

export const slaChecksTask = 'check_sla_targets';
const slaChecksBatchSize = 500;

export interface SlaCheckResult {
  warned: number;
  breached: number;
}

/**
 * The job: for each running target whose warning time has come, warns the assignee and the support team
 * by email (once per target: the warning's row and its emails are one transaction, the unique key refuses
 * a second), and records the breach once the target is due (once). A target first seen already overdue
 * gets one email saying so. Runs on the privileged path, as jobs do.
 */
export const runSlaChecks = async (
  database: DatabaseAccess,
  config: { publicUrl: string },
  now: Date,
): Promise<SlaCheckResult> => {
  const result: SlaCheckResult = { warned: 0, breached: 0 };
  await privileged(database).transaction(async (tx) => {
    const targets = await findTargetsToCheck(tx, now, slaChecksBatchSize);
    const team = targets.length > 0 ? await listActiveStaff(tx, { withRole: 'support_agent' }) : [];
    for (const target of targets) {
      if (!target.dueAt) continue;
      const overdue = target.dueAt <= now;
      if (overdue && !target.breached && target.tier) {
        const recorded = await recordBreach(tx, {
          ticketId: target.id,
          organizationId: target.organizationId,
          kind: target.owed,
          owedSince: target.owedSince,
          dueAt: target.dueAt,
          recordedAt: now,
          tier: target.tier,
          severity: target.severity,
        });
        if (recorded) result.breached += 1;
      }
      if (target.warned) continue;
      const warned = await recordWarning(tx, {
        ticketId: target.id,
        organizationId: target.organizationId,
        kind: target.owed,
        owedSince: target.owedSince,
        dueAt: target.dueAt,
        sentAt: now,
      });
      if (!warned) continue;
      result.warned += 1;
      const assignee = target.assigneeUserId
        ? await listActiveStaff(tx, { userId: target.assigneeUserId })
        : [];
      const recipients = new Map([...assignee, ...team].map((member) => [member.id, member]));
      for (const member of recipients.values()) {
        await queueEmail(tx, {
          kind: ticketStaffAlertKind,
          organizationId: target.organizationId,
          to: [member.email],
          ...ticketSlaWarningEmail({
            recipientName: member.name,
            ticket: { number: target.number, subject: target.subject },
            organizationName: target.organizationName,
            kind: target.owed,
            dueAt: target.dueAt,
            breached: overdue,
            ticketUrl: portalUrl(config.publicUrl, 'support', `tickets/${target.id}`),
          }),
        });
      }
    }
  });
  return result;
};

// Reports.

const monthStart = (month: string) => new Date(`${month}-01T00:00:00Z`);
const monthAfter = (month: string) => {
  const start = monthStart(month);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
};
const minutes = (value: number | string | null) => (value === null ? null : Number(value));

/** Staff: the SLA report for the months asked, computed in one statement. */
export const getSlaReport = async (
  db: DatabaseAccess,
  actor: Actor,
  query: SlaReportQuery,
): Promise<SlaReport> => {
  if (!hasPermission(actor, 'ticket:read:any')) {
    throw new AppError('forbidden', "SLA reports are for the vendor's staff who read every ticket");
  }
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    slaReportRows(tx, monthStart(query.from), monthAfter(query.to)),
  );
  return {
    from: query.from,
    to: query.to,
    rows: rows.map((row) => ({
      month: row.month,
      tier: row.tier,
      severity: row.severity as TicketSeverity,
      tickets: row.tickets,
      firstResponse: { achieved: row.first_met, breached: row.first_breached },
      nextResponse: { achieved: row.next_met, breached: row.next_breached },
      firstResponseMinutes: { p50: minutes(row.first_p50), p90: minutes(row.first_p90) },
      resolutionMinutes: { p50: minutes(row.resolution_p50), p90: minutes(row.resolution_p90) },
    })),
  };
};
