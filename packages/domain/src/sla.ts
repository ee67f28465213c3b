import type { SubscriptionTier } from './enums';
import type { SlaResponseKind, TicketSeverity, TicketStatus } from './schemas/ticket';

/**
 * The SLA clock: response targets by tier × severity (PRODUCT.md, after the vendor's support matrix),
 * counted in a support region's business hours or around the clock, paused while a ticket waits on the
 * customer or is on hold. Pure functions of their inputs: the API stores what they compute.
 */

/** A support region's working time: its days, its hours and its holidays, in its own time zone. */
export interface SupportCalendar {
  /** An IANA time zone, e.g. `Europe/Paris`. */
  timeZone: string;
  /** ISO weekdays that are working days: 1 Monday … 7 Sunday. */
  workingDays: readonly number[];
  /** Local opening and closing times, `HH:MM` (closing after opening, within the day). */
  opens: string;
  closes: string;
  /** Local dates without business hours, `YYYY-MM-DD`. */
  holidays: readonly string[];
}

/**
 * A response target: business hours or days are counted in the calendar's working time (a business day
 * is one working day's hours); plain hours around the clock (24x7).
 */
export type SlaTarget =
  | { amount: number; unit: 'business_hours' }
  | { amount: number; unit: 'business_days' }
  | { amount: number; unit: 'hours' };

/** The default targets (configurable per deployment), as the vendor's support matrix publishes them. */
export const defaultSlaTargets: Record<SubscriptionTier, Record<TicketSeverity, SlaTarget>> = {
  basic: {
    1: { amount: 2, unit: 'business_days' },
    2: { amount: 2, unit: 'business_days' },
    3: { amount: 2, unit: 'business_days' },
    4: { amount: 2, unit: 'business_days' },
  },
  advanced: {
    1: { amount: 2, unit: 'business_hours' },
    2: { amount: 4, unit: 'business_hours' },
    3: { amount: 1, unit: 'business_days' },
    4: { amount: 2, unit: 'business_days' },
  },
  premium: {
    1: { amount: 2, unit: 'hours' },
    2: { amount: 4, unit: 'hours' },
    3: { amount: 1, unit: 'business_days' },
    4: { amount: 2, unit: 'business_days' },
  },
};

const minuteMs = 60_000;

const minutesOfDay = (time: string): number => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`Not a time of day (HH:MM): ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** One working day's length in minutes. */
const workingDayMinutes = (calendar: SupportCalendar): number => {
  const length = minutesOfDay(calendar.closes) - minutesOfDay(calendar.opens);
  if (length <= 0) throw new Error('A working day must close after it opens');
  return length;
};

/** The target in minutes of its own clock (business time or plain time). */
export const targetMinutes = (target: SlaTarget, calendar: SupportCalendar): number => {
  if (!(target.amount > 0)) throw new Error('A target must be more than nothing');
  switch (target.unit) {
    case 'hours':
    case 'business_hours':
      return target.amount * 60;
    case 'business_days':
      return target.amount * workingDayMinutes(calendar);
  }
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (timeZone: string) => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall-clock reading of an instant in a time zone, as if it were UTC (for date arithmetic). */
const wallClockOf = (instant: number, timeZone: string): number => {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
};

/**
 * The instant at which a time zone's clocks read `wallClock` (given as if UTC). Twice corrected for the
 * offset, which settles across a change of offset; a reading skipped by a change (spring forward) maps
 * to the instant just after it.
 */
const instantOf = (wallClock: number, timeZone: string): number => {
  let instant = wallClock - (wallClockOf(wallClock, timeZone) - wallClock);
  instant = wallClock - (wallClockOf(instant, timeZone) - instant);
  return instant;
};

const dayMs = 24 * 60 * minuteMs;

/** `YYYY-MM-DD` of a wall-clock day start (as if UTC). */
const dateKey = (wallDay: number) => new Date(wallDay).toISOString().slice(0, 10);

/** ISO weekday (1 Monday … 7 Sunday) of a wall-clock day start. */
const isoWeekday = (wallDay: number) => ((new Date(wallDay).getUTCDay() + 6) % 7) + 1;

/**
 * The business-hours windows of the calendar, as instants, from the local day of `from` on, each cut
 * to start no earlier than `from`. Endless: the caller stops when it has what it needs.
 */
function* businessWindows(calendar: SupportCalendar, from: number): Generator<[number, number]> {
  workingDayMinutes(calendar);
  const opens = minutesOfDay(calendar.opens) * minuteMs;
  const closes = minutesOfDay(calendar.closes) * minuteMs;
  const holidays = new Set(calendar.holidays);
  if (calendar.workingDays.length === 0) throw new Error('A calendar needs at least one working day');
  const fromWall = wallClockOf(from, calendar.timeZone);
  let day = fromWall - (fromWall % dayMs);
  for (;;) {
    if (calendar.workingDays.includes(isoWeekday(day)) && !holidays.has(dateKey(day))) {
      const start = instantOf(day + opens, calendar.timeZone);
      const end = instantOf(day + closes, calendar.timeZone);
      if (end > from) yield [Math.max(start, from), end];
    }
    day += dayMs;
  }
}

/** Whether the target counts business time (the calendar's) or every minute (24x7). */
const countsBusinessTime = (target: SlaTarget) => target.unit !== 'hours';

/** The clock's minutes between two instants: business minutes, or every minute around the clock. */
export const clockMinutesBetween = (
  start: Date,
  end: Date,
  target: SlaTarget,
  calendar: SupportCalendar,
): number => {
  const from = start.getTime();
  const to = end.getTime();
  if (to <= from) return 0;
  if (!countsBusinessTime(target)) return (to - from) / minuteMs;
  let total = 0;
  for (const [windowStart, windowEnd] of businessWindows(calendar, from)) {
    if (windowStart >= to) break;
    total += (Math.min(windowEnd, to) - windowStart) / minuteMs;
  }
  return total;
};

/** The instant when `minutes` of the clock have run from `start` (the clock running throughout). */
export const addClockMinutes = (
  start: Date,
  minutes: number,
  target: SlaTarget,
  calendar: SupportCalendar,
): Date => {
  const from = start.getTime();
  if (!countsBusinessTime(target)) return new Date(from + minutes * minuteMs);
  let left = minutes * minuteMs;
  for (const [windowStart, windowEnd] of businessWindows(calendar, from)) {
    const length = windowEnd - windowStart;
    if (left <= length) return new Date(windowStart + left);
    left -= length;
  }
  throw new Error('unreachable: the business windows never end');
};

/** A stretch of time during which the ticket waited on the vendor (the clock ran). */
export interface RunningPeriod {
  from: Date;
  /** Absent: still running. */
  to?: Date;
}

export interface SlaDue {
  /** When the target is reached, given that the clock keeps running from the last open period on. */
  dueAt: Date | null;
  /** Minutes of the clock used so far (up to `now`). */
  usedMinutes: number;
  /** The target in minutes of its clock. */
  targetMinutes: number;
  /** Whether the clock is running now (the ticket waits on the vendor). */
  running: boolean;
  /** Whether the target was exceeded by `now`. */
  breached: boolean;
}

/**
 * A response target's state: the periods during which the ticket waited on the vendor (in order, not
 * overlapping; pauses are the gaps), the target, the calendar and the present moment. A severity
 * change is the same periods with the new target: the time already used counts against it.
 */
export const slaDue = (
  periods: readonly RunningPeriod[],
  target: SlaTarget,
  calendar: SupportCalendar,
  now: Date,
): SlaDue => {
  const total = targetMinutes(target, calendar);
  let used = 0;
  let reachedAt: Date | null = null;
  for (const period of periods) {
    const end = period.to && period.to < now ? period.to : now;
    if (end <= period.from) continue;
    const minutes = clockMinutesBetween(period.from, end, target, calendar);
    if (reachedAt === null && used + minutes >= total) {
      reachedAt = addClockMinutes(period.from, total - used, target, calendar);
    }
    used += minutes;
  }
  const last = periods.at(-1);
  const running = last !== undefined && last.to === undefined && last.from <= now;
  // Reached already; else, while the clock runs, when the rest will have run; paused: not known.
  const dueAt = reachedAt ?? (running ? addClockMinutes(now, total - used, target, calendar) : null);
  return { dueAt, usedMinutes: used, targetMinutes: total, running, breached: used > total };
};

// A ticket's SLA clock: which response the vendor owes, and the stretches during which it waited on the
// vendor for it. The API keeps it on the ticket and moves it on at each event, in the event's transaction.

/** The responses the targets measure: the first answer to a ticket, and each answer after a customer's. */
export const slaResponseKinds = ['first_response', 'next_response'] as const;

/** Statuses during which the ticket waits on the customer or is on hold: the clock stands still. */
export const slaPausingStatuses: readonly TicketStatus[] = ['pending_customer', 'on_hold'];
/** Statuses after which nothing is owed. */
export const slaStoppingStatuses: readonly TicketStatus[] = ['solved', 'closed'];

export interface TicketSlaClock {
  /** The response owed now; null: nothing (answered, solved). */
  owed: SlaResponseKind | null;
  /** When the owed response's clock started: with `owed`, what names one target (a breach, a warning). */
  owedSince: Date | null;
  /** The owed response's running periods (empty when nothing is owed). */
  periods: RunningPeriod[];
  /** Since when the ticket waits on the customer or is on hold; null while it waits on the vendor. */
  pausedAt: Date | null;
  /** When the first response came; null until then. */
  firstRespondedAt: Date | null;
}

/** What moves the clock. A severity change does not: the same periods count against the new target. */
export type SlaEvent =
  | { kind: 'created'; status: TicketStatus }
  | { kind: 'staff_replied' }
  | { kind: 'contact_replied' }
  | { kind: 'status_changed'; from: TicketStatus; to: TicketStatus };

const owe = (clock: TicketSlaClock, kind: SlaResponseKind, now: Date): TicketSlaClock => ({
  ...clock,
  owed: kind,
  owedSince: now,
  periods: clock.pausedAt ? [] : [{ from: now }],
});

const stopPeriods = (periods: readonly RunningPeriod[], now: Date): RunningPeriod[] =>
  periods.map((period) => (period.to ? period : { from: period.from, to: now }));

const nothingOwed = { owed: null, owedSince: null, periods: [] } as const;

/**
 * The clock after an event at `now`. A ticket's creation owes the first response; a staff member's public
 * reply answers what is owed; a contact's reply, when nothing is owed, owes the next response (when one is
 * owed already, its clock keeps running from the earlier message); waiting on the customer or on hold
 * pauses, back to new or open resumes (after a solve, a reopened ticket owes the next response); solved
 * and closed owe nothing.
 */
export const advanceSlaClock = (clock: TicketSlaClock, event: SlaEvent, now: Date): TicketSlaClock => {
  switch (event.kind) {
    case 'created': {
      const start: TicketSlaClock = {
        ...nothingOwed,
        periods: [],
        pausedAt: slaPausingStatuses.includes(event.status) ? now : null,
        firstRespondedAt: null,
      };
      return owe(start, 'first_response', now);
    }
    case 'staff_replied':
      if (clock.owed === null) return clock;
      return {
        ...clock,
        ...nothingOwed,
        periods: [],
        firstRespondedAt: clock.owed === 'first_response' ? now : clock.firstRespondedAt,
      };
    case 'contact_replied':
      if (clock.owed !== null) return clock;
      return owe(clock, clock.firstRespondedAt ? 'next_response' : 'first_response', now);
    case 'status_changed': {
      const { to } = event;
      if (slaStoppingStatuses.includes(to)) return { ...clock, ...nothingOwed, periods: [], pausedAt: null };
      if (slaPausingStatuses.includes(to)) {
        if (clock.pausedAt) return clock;
        return { ...clock, pausedAt: now, periods: stopPeriods(clock.periods, now) };
      }
      // new or open: the ticket waits on the vendor again.
      if (clock.owed === null) {
        const resumed = { ...clock, pausedAt: null };
        // Reopened after a solve: the customer waits for an answer. Else nothing was asked since the last.
        return slaStoppingStatuses.includes(event.from)
          ? owe(resumed, clock.firstRespondedAt ? 'next_response' : 'first_response', now)
          : resumed;
      }
      if (!clock.pausedAt) return clock;
      return { ...clock, pausedAt: null, periods: [...clock.periods, { from: now }] };
    }
  }
};

/** The targets of a ticket whose organization has `tier` at `severity`; none without an active subscription. */
export const slaTargetOf = (
  targets: Record<SubscriptionTier, Record<TicketSeverity, SlaTarget>>,
  tier: SubscriptionTier | null,
  severity: TicketSeverity,
): SlaTarget | null => (tier ? targets[tier][severity] : null);

export interface TicketSlaTimes {
  /** When the owed response is due; null when nothing is owed, the clock is paused, or no target applies. */
  dueAt: Date | null;
  /** When the assignee and team are warned (`warnAt` share of the target used); null as `dueAt`. */
  warnAt: Date | null;
  /** The owed response's target was exceeded by `now`, and when it fell due. */
  breach: { kind: SlaResponseKind; since: Date; dueAt: Date } | null;
}

/** Due and warning times of the owed response at `now`; `warnShare` of the target (0.75) warns. */
export const slaTimesOf = (
  clock: TicketSlaClock,
  target: SlaTarget | null,
  calendar: SupportCalendar,
  now: Date,
  warnShare: number,
): TicketSlaTimes => {
  if (!target || !clock.owed || !clock.owedSince) return { dueAt: null, warnAt: null, breach: null };
  const due = slaDue(clock.periods, target, calendar, now);
  const warn = slaDue(clock.periods, { ...target, amount: target.amount * warnShare }, calendar, now);
  // Paused: due again once resumed, but a target already reached stays reached.
  const dueAt = due.running || due.breached ? due.dueAt : null;
  return {
    dueAt,
    warnAt: warn.running || warn.breached ? warn.dueAt : null,
    breach: due.breached && due.dueAt ? { kind: clock.owed, since: clock.owedSince, dueAt: due.dueAt } : null,
  };
};
