import { SlaReport, slaReportCsvColumns, Ticket } from '@portals/domain';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organizations, supportCalendars } from '../src/db/schema/index';
import { runSlaChecks } from '../src/modules/sla/service';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';
import { firstProductId } from './ticket-fixtures';

/**
 * The staff's SLA report, from tickets opened and answered at chosen moments (the app's clock) on the Paris
 * calendar (Monday to Friday 09:00–18:00, UTC+1 in winter); the expected figures are worked out by hand.
 */
let now = new Date('2026-11-30T08:00:00Z');

describe('SLA reports', () => {
  const context = useTestApp({ clock: () => now });
  const people = {} as Record<'ada' | 'pia' | 'eve' | 'agent' | 'billing', TestUser>;
  let productId: string;

  const at = async (iso: string, user: TestUser, url: string, body: object) => {
    now = new Date(iso);
    const response = await context.as(user).post(url, body);
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response;
  };
  const open = async (iso: string, requester: TestUser, severity: number) =>
    Ticket.parse(
      (
        await at(iso, requester, '/v1/tickets', {
          subject: `Severity ${severity}`,
          description: 'Down.',
          productId,
          severity,
        })
      ).json(),
    );
  const reply = (iso: string, user: TestUser, ticket: Ticket, body = 'An answer.') =>
    at(iso, user, `/v1/tickets/${ticket.id}/replies`, { body });
  const solve = (iso: string, ticket: Ticket) =>
    at(iso, people.agent, `/v1/tickets/${ticket.id}/status`, { status: 'solved' });

  beforeAll(async () => {
    const { database, factories } = context;
    await database.db.insert(supportCalendars).values({
      key: 'report-paris',
      name: 'Report Paris',
      timeZone: 'Europe/Paris',
      workingDays: [1, 2, 3, 4, 5],
      opens: '09:00',
      closes: '18:00',
      holidays: [],
    });
    const advanced = await factories.organization({ tier: 'advanced' });
    const premium = await factories.organization({ tier: 'premium' });
    const other = await factories.organization({ tier: 'basic' });
    for (const id of [advanced, premium, other]) {
      await database.db
        .update(organizations)
        .set({ supportCalendarKey: 'report-paris' })
        .where(eq(organizations.id, id));
    }
    people.ada = await factories.contact({ organizationId: advanced, roles: ['main', 'technical'] });
    people.pia = await factories.contact({ organizationId: premium, roles: ['main', 'technical'] });
    people.eve = await factories.contact({ organizationId: other, roles: ['main', 'technical'] });
    people.agent = await factories.staff({ roles: ['support_agent'] });
    people.billing = await factories.staff({ roles: ['billing'] });
    productId = await firstProductId(database);

    // November, premium severity 1 (2 h, 24x7): answered after an hour.
    const early = await open('2026-11-30T08:00:00Z', people.pia, 1);
    await reply('2026-11-30T09:00:00Z', people.agent, early);
    // December, advanced severity 2 (4 business hours from Monday 09:00, due 13:00 = 12:00Z).
    const quick = await open('2026-12-07T08:00:00Z', people.ada, 2);
    await reply('2026-12-07T09:00:00Z', people.agent, quick); // 60 min, met
    await reply('2026-12-07T10:00:00Z', people.ada, quick, 'It is back.');
    await reply('2026-12-07T10:30:00Z', people.agent, quick); // the next response, met
    await solve('2026-12-07T12:00:00Z', quick); // resolved in 240 min
    const late = await open('2026-12-07T08:00:00Z', people.ada, 2);
    await reply('2026-12-07T13:00:00Z', people.agent, late); // 300 min, an hour late
    await solve('2026-12-07T16:00:00Z', late); // 480 min
    // Advanced severity 1 (2 business hours, due 11:00 = 10:00Z), never answered: the job records it.
    await open('2026-12-08T08:00:00Z', people.ada, 1);
    await runSlaChecks(
      context.database.db,
      { publicUrl: 'https://portals.example' },
      new Date('2026-12-08T11:00:00Z'),
    );
    // Outside the months asked.
    await open('2027-01-04T08:00:00Z', people.ada, 3);
  });

  const expected: SlaReport = {
    from: '2026-11',
    to: '2026-12',
    rows: [
      {
        month: '2026-11',
        tier: 'premium',
        severity: 1,
        tickets: 1,
        firstResponse: { achieved: 1, breached: 0 },
        nextResponse: { achieved: 0, breached: 0 },
        firstResponseMinutes: { p50: 60, p90: 60 },
        resolutionMinutes: { p50: null, p90: null },
      },
      {
        month: '2026-12',
        tier: 'advanced',
        severity: 1,
        tickets: 1,
        firstResponse: { achieved: 0, breached: 1 },
        nextResponse: { achieved: 0, breached: 0 },
        firstResponseMinutes: { p50: null, p90: null },
        resolutionMinutes: { p50: null, p90: null },
      },
      {
        month: '2026-12',
        tier: 'advanced',
        severity: 2,
        tickets: 2,
        firstResponse: { achieved: 1, breached: 1 },
        nextResponse: { achieved: 1, breached: 0 },
        // Interpolated between 60 and 300, and between 240 and 480.
        firstResponseMinutes: { p50: 180, p90: 276 },
        resolutionMinutes: { p50: 360, p90: 456 },
      },
    ],
  };

  it('counts targets achieved and breached and the percentiles per month, tier and severity', async () => {
    const response = await context.as(people.agent).get('/v1/staff/sla-report?from=2026-11&to=2026-12');
    expect(response.statusCode, response.body).toBe(200);
    expect(SlaReport.parse(response.json())).toEqual(expected);
  });

  it('exports the same report as CSV', async () => {
    const response = await context.as(people.agent).get('/v1/staff/sla-report/csv?from=2026-11&to=2026-12');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="sla-report-2026-11-to-2026-12.csv"',
    );
    expect(response.body.split('\r\n')).toEqual([
      slaReportCsvColumns.join(','),
      '2026-11,premium,1,1,1,0,0,0,60,60,,',
      '2026-12,advanced,1,1,0,1,0,0,,,,',
      '2026-12,advanced,2,2,1,1,1,0,180,276,360,456',
      '',
    ]);
  });

  it('is for staff who read every ticket: not contacts, their API tokens, nor billing staff', async () => {
    for (const url of [
      '/v1/staff/sla-report?from=2026-11&to=2026-12',
      '/v1/staff/sla-report/csv?from=2026-11&to=2026-12',
    ]) {
      for (const user of [people.ada, people.eve, people.billing]) {
        const response = await context.as(user).get(url);
        expect(response.statusCode, `${user.email} ${url}`).toBe(403);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).not.toContain('premium');
      }
      const token = await context.factories.apiToken(people.ada, { scopes: ['ticket:read:org'] });
      const byToken = await context.asToken(token.token).get(url);
      expect(byToken.statusCode, byToken.body).toBe(403);
    }
  });

  it('refuses months that are not months, backwards or too long a span, saying why', async () => {
    for (const [query, field] of [
      ['from=2026-13&to=2026-12', 'from'],
      ['from=2026-12&to=2026-11', 'to'],
      ['from=2024-01&to=2026-12', 'to'],
      ["from=2026-11'%20or%201=1--&to=2026-12", 'from'],
    ] as const) {
      const response = await context.as(people.agent).get(`/v1/staff/sla-report?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual([
        `querystring.${field}`,
      ]);
    }
  });
});
