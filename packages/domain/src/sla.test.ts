import { describe, expect, it } from 'vitest';
import {
  advanceSlaClock,
  clockMinutesBetween,
  defaultSlaTargets,
  type RunningPeriod,
  type SlaTarget,
  type SupportCalendar,
  slaDue,
  slaTimesOf,
  targetMinutes,
} from './sla';

/**
 * Due times compared with values worked out by hand on a wall calendar. Paris: Monday to Friday,
 * 09:00–18:00 (a 9-hour business day), Christmas and New Year's Day off; UTC+1 in winter, +2 in summer.
 */
const paris: SupportCalendar = {
  timeZone: 'Europe/Paris',
  workingDays: [1, 2, 3, 4, 5],
  opens: '09:00',
  closes: '18:00',
  holidays: ['2026-12-25', '2027-01-01'],
};
const newYork: SupportCalendar = {
  timeZone: 'America/New_York',
  workingDays: [1, 2, 3, 4, 5],
  opens: '08:00',
  closes: '17:00',
  holidays: [],
};

const at = (iso: string) => new Date(iso);
const openSince = (iso: string): RunningPeriod[] => [{ from: at(iso) }];
const dueOf = (periods: RunningPeriod[], target: SlaTarget, now: string, calendar = paris) =>
  slaDue(periods, target, calendar, at(now));

describe('the SLA clock', () => {
  it('counts business hours across the evening, a holiday and a weekend', () => {
    // Thursday 24 December, 17:00 in Paris: 1 h that day; Friday is Christmas; Monday 09:00 + 3 h.
    const due = dueOf(
      openSince('2026-12-24T16:00:00Z'),
      defaultSlaTargets.advanced[2],
      '2026-12-24T16:30:00Z',
    );
    expect(due.dueAt?.toISOString()).toBe('2026-12-28T11:00:00.000Z');
    expect(due).toMatchObject({ targetMinutes: 240, usedMinutes: 30, running: true, breached: false });
  });

  it('starts a ticket opened at the weekend on the next working morning', () => {
    // Saturday 5 December, 10:00 in Paris: two business hours from Monday 09:00.
    const due = dueOf(
      openSince('2026-12-05T09:00:00Z'),
      defaultSlaTargets.advanced[1],
      '2026-12-05T09:00:00Z',
    );
    expect(due.dueAt?.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(due.usedMinutes).toBe(0);
  });

  it('runs around the clock for a 24x7 target, weekends and holidays included', () => {
    expect(
      dueOf(
        openSince('2026-12-05T09:00:00Z'),
        defaultSlaTargets.premium[1],
        '2026-12-05T09:00:00Z',
      ).dueAt?.toISOString(),
    ).toBe('2026-12-05T11:00:00.000Z');
    expect(
      dueOf(openSince('2026-12-25T08:00:00Z'), defaultSlaTargets.premium[2], '2026-12-25T09:00:00Z'),
    ).toMatchObject({ dueAt: at('2026-12-25T12:00:00Z'), usedMinutes: 60 });
  });

  it('counts a business day as one working day’s hours', () => {
    expect(targetMinutes(defaultSlaTargets.advanced[3], paris)).toBe(9 * 60);
    // Wednesday 2 December, 14:00: 4 h that day, then Thursday 09:00 + 5 h.
    expect(
      dueOf(
        openSince('2026-12-02T13:00:00Z'),
        defaultSlaTargets.advanced[3],
        '2026-12-02T13:00:00Z',
      ).dueAt?.toISOString(),
    ).toBe('2026-12-03T13:00:00.000Z');
    // Basic, 2 business days (18 h) from Thursday 31 December 16:00: 2 h; New Year's Day and the
    // weekend off; Monday 4 January 9 h; Tuesday 09:00 + 7 h.
    expect(
      dueOf(
        openSince('2026-12-31T15:00:00Z'),
        defaultSlaTargets.basic[4],
        '2026-12-31T15:00:00Z',
      ).dueAt?.toISOString(),
    ).toBe('2027-01-05T15:00:00.000Z');
  });

  it('follows the calendar’s own time zone across a change of daylight saving time', () => {
    // Paris moves to summer time on Sunday 29 March: Friday 17:00 is 16:00Z, Monday 09:00 is 07:00Z.
    expect(
      dueOf(
        openSince('2026-03-27T16:00:00Z'),
        defaultSlaTargets.advanced[2],
        '2026-03-27T16:00:00Z',
      ).dueAt?.toISOString(),
    ).toBe('2026-03-30T10:00:00.000Z');
    // New York moves back on Sunday 1 November: Friday 16:00 EDT is 20:00Z, Monday 08:00 EST is 13:00Z.
    expect(
      dueOf(
        openSince('2026-10-30T20:00:00Z'),
        defaultSlaTargets.advanced[2],
        '2026-10-30T20:00:00Z',
        newYork,
      ).dueAt?.toISOString(),
    ).toBe('2026-11-02T16:00:00.000Z');
  });

  // Monday 7 December: waiting on the vendor 09:00–10:00, on the customer until 14:00, then again.
  const withPause: RunningPeriod[] = [
    { from: at('2026-12-07T08:00:00Z'), to: at('2026-12-07T09:00:00Z') },
    { from: at('2026-12-07T13:00:00Z') },
  ];

  it('pauses while the ticket waits on the customer, and resumes', () => {
    // 1 h before the pause, 1 h since 14:00: 2 h left at 15:00, so due at 17:00 (16:00Z).
    expect(dueOf(withPause, defaultSlaTargets.advanced[2], '2026-12-07T14:00:00Z')).toEqual({
      dueAt: at('2026-12-07T16:00:00Z'),
      usedMinutes: 120,
      targetMinutes: 240,
      running: true,
      breached: false,
    });
    // During the pause the clock stands still: no due time, the hour used stays used.
    expect(dueOf(withPause.slice(0, 1), defaultSlaTargets.advanced[2], '2026-12-07T11:00:00Z')).toEqual({
      dueAt: null,
      usedMinutes: 60,
      targetMinutes: 240,
      running: false,
      breached: false,
    });
  });

  it('recomputes on a change of severity, counting the time already used against the new target', () => {
    // Raised to severity 1 (2 business hours): the second hour ran out at 15:00 (14:00Z).
    expect(dueOf(withPause, defaultSlaTargets.advanced[1], '2026-12-07T14:00:00Z')).toMatchObject({
      dueAt: at('2026-12-07T14:00:00Z'),
      breached: false,
    });
    expect(dueOf(withPause, defaultSlaTargets.advanced[1], '2026-12-07T14:30:00Z')).toMatchObject({
      dueAt: at('2026-12-07T14:00:00Z'),
      usedMinutes: 150,
      breached: true,
    });
  });

  it('measures business time between two instants, and nothing backwards', () => {
    // Friday 18 December 17:00 to Monday 21 December 10:00: 1 h + 1 h.
    expect(
      clockMinutesBetween(
        at('2026-12-18T16:00:00Z'),
        at('2026-12-21T09:00:00Z'),
        defaultSlaTargets.advanced[2],
        paris,
      ),
    ).toBe(120);
    expect(
      clockMinutesBetween(
        at('2026-12-21T09:00:00Z'),
        at('2026-12-18T16:00:00Z'),
        defaultSlaTargets.advanced[2],
        paris,
      ),
    ).toBe(0);
  });

  it('refuses a calendar that cannot be counted in', () => {
    const target = defaultSlaTargets.advanced[2];
    const now = '2026-12-07T08:00:00Z';
    expect(() => dueOf(openSince(now), target, now, { ...paris, opens: '18:00', closes: '09:00' })).toThrow(
      /close after it opens/,
    );
    expect(() => dueOf(openSince(now), target, now, { ...paris, opens: '9h', closes: '18:00' })).toThrow(
      /HH:MM/,
    );
    expect(() => dueOf(openSince(now), target, now, { ...paris, workingDays: [] })).toThrow(/working day/);
  });
});

describe('a ticket’s SLA clock', () => {
  const start = advanceSlaClock(
    { owed: null, owedSince: null, periods: [], pausedAt: null, firstRespondedAt: null },
    { kind: 'created', status: 'new' },
    at('2026-12-07T08:00:00Z'),
  );

  it('owes the first response from creation, and a staff reply answers it', () => {
    expect(start).toMatchObject({ owed: 'first_response', periods: [{ from: at('2026-12-07T08:00:00Z') }] });
    const answered = advanceSlaClock(start, { kind: 'staff_replied' }, at('2026-12-07T09:00:00Z'));
    expect(answered).toMatchObject({ owed: null, periods: [], firstRespondedAt: at('2026-12-07T09:00:00Z') });
    // The customer's reply owes the next response; a second reply keeps the first one's clock.
    const asked = advanceSlaClock(answered, { kind: 'contact_replied' }, at('2026-12-07T10:00:00Z'));
    const again = advanceSlaClock(asked, { kind: 'contact_replied' }, at('2026-12-07T11:00:00Z'));
    expect(again).toMatchObject({ owed: 'next_response', owedSince: at('2026-12-07T10:00:00Z') });
  });

  it('pauses and resumes with the status, and owes nothing once solved', () => {
    const paused = advanceSlaClock(
      start,
      { kind: 'status_changed', from: 'new', to: 'on_hold' },
      at('2026-12-07T09:00:00Z'),
    );
    expect(paused.periods).toEqual([{ from: at('2026-12-07T08:00:00Z'), to: at('2026-12-07T09:00:00Z') }]);
    const resumed = advanceSlaClock(
      paused,
      { kind: 'status_changed', from: 'on_hold', to: 'open' },
      at('2026-12-07T13:00:00Z'),
    );
    expect(resumed).toMatchObject({
      pausedAt: null,
      periods: [
        { from: at('2026-12-07T08:00:00Z'), to: at('2026-12-07T09:00:00Z') },
        { from: at('2026-12-07T13:00:00Z') },
      ],
    });
    const solved = advanceSlaClock(
      resumed,
      { kind: 'status_changed', from: 'open', to: 'solved' },
      at('2026-12-07T14:00:00Z'),
    );
    expect(solved).toMatchObject({ owed: null, periods: [], pausedAt: null });
    // Reopened: the customer waits again (the first response never came).
    const reopened = advanceSlaClock(
      solved,
      { kind: 'status_changed', from: 'solved', to: 'open' },
      at('2026-12-08T08:00:00Z'),
    );
    expect(reopened).toMatchObject({ owed: 'first_response', owedSince: at('2026-12-08T08:00:00Z') });
  });

  it('owes nothing when staff take a ticket off waiting without the customer asking', () => {
    const answered = advanceSlaClock(start, { kind: 'staff_replied' }, at('2026-12-07T09:00:00Z'));
    const waiting = advanceSlaClock(
      answered,
      { kind: 'status_changed', from: 'open', to: 'pending_customer' },
      at('2026-12-07T09:00:00Z'),
    );
    const back = advanceSlaClock(
      waiting,
      { kind: 'status_changed', from: 'pending_customer', to: 'open' },
      at('2026-12-07T10:00:00Z'),
    );
    expect(back).toMatchObject({ owed: null, pausedAt: null });
  });

  it('warns at the configured share of the target and names the breach', () => {
    const target = defaultSlaTargets.advanced[1];
    const early = slaTimesOf(start, target, paris, at('2026-12-07T08:30:00Z'), 0.75);
    expect(early).toEqual({
      dueAt: at('2026-12-07T10:00:00Z'),
      warnAt: at('2026-12-07T09:30:00Z'),
      breach: null,
    });
    expect(slaTimesOf(start, target, paris, at('2026-12-07T10:30:00Z'), 0.75).breach).toEqual({
      kind: 'first_response',
      since: at('2026-12-07T08:00:00Z'),
      dueAt: at('2026-12-07T10:00:00Z'),
    });
    // Without an active subscription no target applies.
    expect(slaTimesOf(start, null, paris, at('2026-12-07T10:30:00Z'), 0.75)).toEqual({
      dueAt: null,
      warnAt: null,
      breach: null,
    });
  });
});
