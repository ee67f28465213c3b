import { Ticket, type TicketPage } from '@portals/domain';
import { and, eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  emailOutbox,
  organizations,
  supportCalendars,
  ticketSlaBreaches,
  ticketSlaWarnings,
} from '../src/db/schema/index';
import { runSlaChecks } from '../src/modules/sla/service';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';
import { firstProductId } from './ticket-fixtures';

/**
 * Due times through the API on a fixed calendar, against values worked out by hand: Paris, Monday to
 * Friday 09:00–18:00, Christmas and New Year's Day off (UTC+1 in December). The app's clock is set before
 * each request, so tickets are opened and answered at chosen moments.
 */
let now = new Date('2026-12-01T09:00:00Z');
const at = (iso: string) => {
  now = new Date(iso);
};

describe('SLA due times', () => {
  const context = useTestApp({ clock: () => now });
  const people = {} as Record<'ada' | 'basil' | 'premiumAda' | 'eve' | 'agent' | 'billing', TestUser>;
  let productId: string;

  beforeAll(async () => {
    const { database, factories } = context;
    await database.db.insert(supportCalendars).values({
      key: 'test-paris',
      name: 'Test Paris',
      timeZone: 'Europe/Paris',
      workingDays: [1, 2, 3, 4, 5],
      opens: '09:00',
      closes: '18:00',
      holidays: ['2026-12-25', '2027-01-01'],
    });
    const advanced = await factories.organization({ tier: 'advanced' });
    const basic = await factories.organization({ tier: 'basic' });
    const premium = await factories.organization({ tier: 'premium' });
    const other = await factories.organization({ tier: 'premium' });
    for (const id of [advanced, basic, premium, other]) {
      await database.db
        .update(organizations)
        .set({ supportCalendarKey: 'test-paris' })
        .where(eq(organizations.id, id));
    }
    people.ada = await factories.contact({ organizationId: advanced, roles: ['main', 'technical'] });
    people.basil = await factories.contact({ organizationId: basic, roles: ['main', 'technical'] });
    people.premiumAda = await factories.contact({ organizationId: premium, roles: ['main', 'technical'] });
    people.eve = await factories.contact({ organizationId: other, roles: ['main', 'technical'] });
    people.agent = await factories.staff({ roles: ['support_agent'] });
    people.billing = await factories.staff({ roles: ['billing'] });
    productId = await firstProductId(database);
  });

  const open = async (requester: TestUser, severity: number, when: string) => {
    at(when);
    const response = await context.as(requester).post('/v1/tickets', {
      subject: `Severity ${severity} at ${when}`,
      description: 'Something is wrong.',
      productId,
      severity,
    });
    expect(response.statusCode, response.body).toBe(201);
    return Ticket.parse(response.json());
  };
  const read = async (user: TestUser, ticketId: string) => {
    const response = await context.as(user).get(`/v1/tickets/${ticketId}`);
    expect(response.statusCode, response.body).toBe(200);
    return Ticket.parse(response.json());
  };
  const act = async (user: TestUser, when: string, url: string, body: object) => {
    at(when);
    const response = await context.as(user).post(url, body);
    expect(response.statusCode, response.body).toBeLessThan(300);
  };

  it('counts business hours across the evening, a holiday and a weekend', async () => {
    // Thursday 24 December, 17:00 in Paris: 1 h that day; Friday is Christmas; Monday 09:00 + 3 h.
    const ticket = await open(people.ada, 2, '2026-12-24T16:00:00Z');
    expect(ticket.sla).toMatchObject({
      owed: 'first_response',
      dueAt: '2026-12-28T11:00:00.000Z',
      firstResponseDueAt: '2026-12-28T11:00:00.000Z',
      // 75 % of 4 h: 1 h on Thursday, then Monday 09:00 + 2 h.
      warnAt: '2026-12-28T10:00:00.000Z',
      pausedAt: null,
    });
  });

  it('starts a ticket opened at the weekend on the next working morning', async () => {
    // Saturday 5 December, 10:00 in Paris, severity 1 (2 business hours): Monday 09:00 + 2 h.
    const ticket = await open(people.ada, 1, '2026-12-05T09:00:00Z');
    expect(ticket.sla.dueAt).toBe('2026-12-07T10:00:00.000Z');
    // Basic: 2 business days (18 h) from Monday 09:00: Tuesday 18:00.
    expect((await open(people.basil, 1, '2026-12-05T09:00:00Z')).sla.dueAt).toBe('2026-12-08T17:00:00.000Z');
  });

  it('runs around the clock for a premium severity 1, weekends included', async () => {
    const ticket = await open(people.premiumAda, 1, '2026-12-05T09:00:00Z');
    expect(ticket.sla.dueAt).toBe('2026-12-05T11:00:00.000Z');
    // Premium severity 3 is one business day: Monday 09:00 to 18:00.
    expect((await open(people.premiumAda, 3, '2026-12-05T09:00:00Z')).sla.dueAt).toBe(
      '2026-12-07T17:00:00.000Z',
    );
  });

  it('pauses while waiting on the customer, resumes, re-targets on a severity change, and records a late answer once', async () => {
    // Monday 7 December 09:00 in Paris, severity 2 (4 business hours): due 13:00 (12:00Z).
    const ticket = await open(people.ada, 2, '2026-12-07T08:00:00Z');
    expect(ticket.sla.dueAt).toBe('2026-12-07T12:00:00.000Z');
    const url = `/v1/tickets/${ticket.id}`;

    // 10:00: waiting on the customer; the hour used stays used, no due time while paused.
    await act(people.agent, '2026-12-07T09:00:00Z', `${url}/status`, { status: 'pending_customer' });
    const paused = await read(people.ada, ticket.id);
    expect(paused.sla).toMatchObject({
      owed: 'first_response',
      dueAt: null,
      pausedAt: '2026-12-07T09:00:00.000Z',
    });

    // 14:00: back to open: 3 h left, due 17:00 (16:00Z).
    await act(people.agent, '2026-12-07T13:00:00Z', `${url}/status`, { status: 'open' });
    expect((await read(people.ada, ticket.id)).sla).toMatchObject({
      dueAt: '2026-12-07T16:00:00.000Z',
      pausedAt: null,
    });

    // 14:30: raised to severity 1 (2 business hours): 1.5 h used, due 15:00 (14:00Z).
    await act(people.agent, '2026-12-07T13:30:00Z', `${url}/severity`, {
      severity: 1,
      reason: 'Production is down after all',
    });
    expect((await read(people.ada, ticket.id)).sla.dueAt).toBe('2026-12-07T14:00:00.000Z');

    // 15:30: the first answer, half an hour late: achieved, and the breach recorded once.
    await act(people.agent, '2026-12-07T14:30:00Z', `${url}/replies`, { body: 'Looking into it.' });
    const answered = await read(people.ada, ticket.id);
    expect(answered.sla).toMatchObject({
      owed: null,
      dueAt: null,
      firstRespondedAt: '2026-12-07T14:30:00.000Z',
      firstResponseDueAt: '2026-12-07T14:00:00.000Z',
    });
    expect(answered.slaBreaches).toEqual([
      { kind: 'first_response', dueAt: '2026-12-07T14:00:00.000Z', recordedAt: '2026-12-07T14:30:00.000Z' },
    ]);

    // Tuesday 09:00 the customer answers: the next response is owed within 2 business hours.
    await act(people.ada, '2026-12-08T08:00:00Z', `${url}/replies`, { body: 'Still down.' });
    expect((await read(people.agent, ticket.id)).sla).toMatchObject({
      owed: 'next_response',
      dueAt: '2026-12-08T10:00:00.000Z',
      nextResponseDueAt: '2026-12-08T10:00:00.000Z',
    });

    // Solved: nothing is owed any more.
    await act(people.agent, '2026-12-08T09:00:00Z', `${url}/status`, { status: 'solved' });
    const solved = await read(people.ada, ticket.id);
    expect(solved.sla).toMatchObject({ owed: null, dueAt: null, nextResponseDueAt: null });
    expect(solved.slaBreaches).toHaveLength(1);
  });

  it('shows the due time in the lists a contact and staff read', async () => {
    const ticket = await open(people.ada, 2, '2026-12-09T08:00:00Z');
    at('2026-12-09T08:05:00Z');
    for (const user of [people.ada, people.agent]) {
      const response = await context.as(user).get(`/v1/tickets?number=${ticket.number}`);
      const page = response.json<TicketPage>();
      expect(page.items.map((item) => item.sla.dueAt)).toEqual(['2026-12-09T12:00:00.000Z']);
    }
  });

  it('sorts the queue by the response due soonest, page by page, with nothing owed last', async () => {
    const organizationId = people.premiumAda.claims.org;
    const later = await open(people.premiumAda, 2, '2026-12-19T08:00:00Z'); // 24x7: due 12:00Z
    const sooner = await open(people.premiumAda, 1, '2026-12-19T09:00:00Z'); // due 11:00Z
    const answered = await open(people.premiumAda, 1, '2026-12-19T09:00:00Z');
    await act(people.agent, '2026-12-19T09:05:00Z', `/v1/tickets/${answered.id}/replies`, { body: 'On it.' });
    const seen: { number: number; dueAt: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `organizationId=${organizationId}&sort=response_due&direction=asc&limit=1&status=new,open${cursor ? `&cursor=${cursor}` : ''}`;
      const page: TicketPage = (
        await context.as(people.agent).get(`/v1/tickets?${query}`)
      ).json<TicketPage>();
      seen.push(...page.items.map((item) => ({ number: item.number, dueAt: item.sla.dueAt })));
      cursor = page.nextCursor;
    } while (cursor);
    const dueTimes = seen.map((item) => item.dueAt ?? '9999');
    expect(dueTimes).toEqual([...dueTimes].sort());
    const position = (ticket: Ticket) => seen.findIndex((item) => item.number === ticket.number);
    expect(position(sooner)).toBeGreaterThanOrEqual(0);
    expect(position(sooner)).toBeLessThan(position(later));
    expect(position(later)).toBeLessThan(position(answered));
    expect(seen.at(-1)?.dueAt).toBeNull();
  });

  it("never shows another organization's due times", async () => {
    const ticket = await open(people.ada, 2, '2026-12-09T08:00:00Z');
    expect((await context.as(people.eve).get(`/v1/tickets/${ticket.id}`)).statusCode).toBe(404);
    const list = (await context.as(people.eve).get(`/v1/tickets?number=${ticket.number}`)).json<TicketPage>();
    expect(list.items).toEqual([]);
    // Staff without ticket rights see no ticket either.
    expect((await context.as(people.billing).get(`/v1/tickets/${ticket.id}`)).statusCode).toBe(403);
  });

  describe('the SLA job', () => {
    const staffAlertsAbout = (number: number) =>
      context.database.db
        .select({ to: emailOutbox.toAddresses, subject: emailOutbox.subject })
        .from(emailOutbox)
        .where(and(eq(emailOutbox.kind, 'ticket_staff_alert'), like(emailOutbox.subject, `[#${number}]%`)));

    it('warns the assignee and the team once at 75 % of the target, and records the breach once', async () => {
      const config = { publicUrl: 'https://portals.example' };
      // Monday 14 December 09:00, severity 1: due 11:00 (10:00Z), warned from 10:30 (09:30Z).
      const ticket = await open(people.ada, 1, '2026-12-14T08:00:00Z');
      const assignee = await context.factories.staff({ roles: ['account_manager', 'support_agent'] });
      await act(people.agent, '2026-12-14T08:01:00Z', `/v1/tickets/${ticket.id}/assignee`, {
        assigneeId: assignee.id,
      });

      await runSlaChecks(context.database.db, config, new Date('2026-12-14T09:29:00Z'));
      expect(await staffAlertsAbout(ticket.number)).toEqual([]);

      await runSlaChecks(context.database.db, config, new Date('2026-12-14T09:30:00Z'));
      await runSlaChecks(context.database.db, config, new Date('2026-12-14T09:31:00Z'));
      const warnings = await staffAlertsAbout(ticket.number);
      const recipients = warnings.flatMap((email) => email.to);
      expect(recipients).toContain(assignee.email);
      expect(recipients).toContain(people.agent.email);
      expect(new Set(recipients).size).toBe(recipients.length);
      expect(warnings[0]?.subject).toContain('SLA: first response due soon');

      await runSlaChecks(context.database.db, config, new Date('2026-12-14T10:01:00Z'));
      await runSlaChecks(context.database.db, config, new Date('2026-12-14T10:02:00Z'));
      const breaches = await context.database.db
        .select()
        .from(ticketSlaBreaches)
        .where(eq(ticketSlaBreaches.ticketId, ticket.id));
      expect(breaches.map((breach) => [breach.kind, breach.dueAt.toISOString()])).toEqual([
        ['first_response', '2026-12-14T10:00:00.000Z'],
      ]);
      expect(await staffAlertsAbout(ticket.number)).toHaveLength(warnings.length);
      const warningRows = await context.database.db
        .select()
        .from(ticketSlaWarnings)
        .where(eq(ticketSlaWarnings.ticketId, ticket.id));
      expect(warningRows).toHaveLength(1);
      // The contact sees the breach on the ticket.
      expect((await read(people.ada, ticket.id)).slaBreaches).toMatchObject([
        { kind: 'first_response', dueAt: '2026-12-14T10:00:00.000Z' },
      ]);
    });

    it('sends one warning when two workers check at once, and says "missed" for a target first seen overdue', async () => {
      const config = { publicUrl: 'https://portals.example' };
      const twoWorkers = (iso: string) =>
        Promise.all([
          runSlaChecks(context.database.db, config, new Date(iso)),
          runSlaChecks(context.database.db, config, new Date(iso)),
        ]);
      // Wednesday 16 December 09:00, severity 1: due 11:00 (10:00Z), warned from 10:30 (09:30Z).
      const ticket = await open(people.ada, 1, '2026-12-16T08:00:00Z');
      // Opened at 10:00: due 12:00 (11:00Z), warned from 11:30 (10:30Z), but no check runs until 12:30.
      const overdue = await open(people.ada, 1, '2026-12-16T09:00:00Z');
      await twoWorkers('2026-12-16T09:30:00Z');
      const warned = await staffAlertsAbout(ticket.number);
      const recipients = warned.flatMap((email) => email.to);
      expect(recipients).toContain(people.agent.email);
      expect(new Set(recipients).size).toBe(recipients.length);

      await twoWorkers('2026-12-16T11:30:00Z');
      expect(await staffAlertsAbout(ticket.number)).toHaveLength(warned.length);
      const missed = await staffAlertsAbout(overdue.number);
      expect(new Set(missed.flatMap((email) => email.to))).toEqual(new Set(recipients));
      expect(new Set(missed.map((email) => email.subject))).toEqual(
        new Set([
          `[#${overdue.number}] SLA missed: first response overdue: Severity 1 at 2026-12-16T09:00:00Z`,
        ]),
      );
      for (const { id } of [ticket, overdue]) {
        const breaches = await context.database.db
          .select()
          .from(ticketSlaBreaches)
          .where(eq(ticketSlaBreaches.ticketId, id));
        expect(breaches).toHaveLength(1);
      }
    });

    it('warns nobody while the ticket waits on the customer', async () => {
      const config = { publicUrl: 'https://portals.example' };
      const ticket = await open(people.ada, 1, '2026-12-15T08:00:00Z');
      await act(people.agent, '2026-12-15T08:10:00Z', `/v1/tickets/${ticket.id}/status`, {
        status: 'pending_customer',
      });
      await runSlaChecks(context.database.db, config, new Date('2026-12-15T12:00:00Z'));
      expect(await staffAlertsAbout(ticket.number)).toEqual([]);
    });
  });
});
