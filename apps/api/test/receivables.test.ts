import { Invoice, Receivables } from '@portals/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

describe('receivables for billing staff', () => {
  const context = useTestApp({ clock: () => new Date('2026-12-02T10:00:00Z') });
  const people = {} as Record<'billing' | 'agent' | 'main', TestUser>;
  const ids = {} as Record<'late' | 'punctual' | 'yen' | 'formula', string>;

  beforeAll(async () => {
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.agent = await context.factories.staff({ roles: ['support_agent'] });
    ids.late = await context.factories.organization({ name: 'Late Payers' });
    ids.punctual = await context.factories.organization({ name: 'Punctual Payers' });
    ids.yen = await context.factories.organization({ name: 'Yen Holdings' });
    ids.formula = await context.factories.organization({ name: '=cmd|calc!A1' });
    people.main = await context.factories.contact({ organizationId: ids.late, roles: ['main'] });
    const issue = async (
      organizationId: string,
      amountMinor: number,
      issueDate: string,
      dueDate: string,
      currency = 'EUR',
    ) => {
      const draft = Invoice.parse(
        (
          await context.as(people.billing).post('/v1/staff/invoices', {
            organizationId,
            currency,
            lines: [
              { description: 'Services', quantity: 1, unitPriceMinor: amountMinor, taxRateBasisPoints: 0 },
            ],
          })
        ).json(),
      );
      await context.as(people.billing).post(`/v1/staff/invoices/${draft.id}/issue`, { issueDate, dueDate });
      return draft.id;
    };
    await issue(ids.late, 10_000, '2026-07-01', '2026-07-31'); // 124 days past due
    await issue(ids.late, 2_000, '2026-11-01', '2026-11-20'); // 12 days
    await issue(ids.punctual, 5_000, '2026-11-25', '2026-12-25'); // not yet due
    const paid = await issue(ids.punctual, 7_000, '2026-10-01', '2026-10-31');
    await context.as(people.billing).post(`/v1/staff/invoices/${paid}/payments`, {
      amountMinor: 7_000,
      method: 'bank_transfer',
      reference: 'Paid',
      receivedOn: '2026-10-30',
    });
    await issue(ids.yen, 30_000, '2026-09-15', '2026-10-15', 'JPY'); // 48 days
    await issue(ids.formula, 100, '2026-11-01', '2026-11-02'); // an organization named like a formula
  });

  it('lists what each organization owes, most overdue first, with the aging per currency', async () => {
    const response = await context.as(people.billing).get('/v1/staff/receivables');
    expect(response.statusCode).toBe(200);
    const receivables = Receivables.parse(response.json());
    expect(receivables.asOf).toBe('2026-12-02');
    const mine = receivables.organizations.filter((row) => Object.values(ids).includes(row.organization.id));
    expect(
      mine.map((row) => [
        row.organization.name,
        row.currency,
        row.dueMinor,
        row.overdueMinor,
        row.oldestOverdueDate,
      ]),
    ).toEqual([
      ['Late Payers', 'EUR', 12_000, 12_000, '2026-07-31'],
      ['Yen Holdings', 'JPY', 30_000, 30_000, '2026-10-15'],
      ['=cmd|calc!A1', 'EUR', 100, 100, '2026-11-02'],
      ['Punctual Payers', 'EUR', 5_000, 0, null],
    ]);
    expect(mine[0]?.aging).toEqual([
      { bucket: 'current', amountMinor: 0 },
      { bucket: '1-30', amountMinor: 2_000 },
      { bucket: '31-60', amountMinor: 0 },
      { bucket: '61-90', amountMinor: 0 },
      { bucket: '90+', amountMinor: 10_000 },
    ]);
    const eur = receivables.totals.find((total) => total.currency === 'EUR');
    expect(eur?.dueMinor).toBe(17_100);
    const overdueOnly = Receivables.parse(
      (await context.as(people.billing).get('/v1/staff/receivables?overdueOnly=true&currency=EUR')).json(),
    );
    expect(overdueOnly.organizations.map((row) => row.organization.name)).toEqual([
      'Late Payers',
      '=cmd|calc!A1',
    ]);
    expect(overdueOnly.totals.map((total) => total.currency)).toEqual(['EUR']);
  });

  it('exports the same as CSV, and keeps it from contacts and support agents', async () => {
    const csv = await context.as(people.billing).get('/v1/staff/receivables/csv?currency=EUR');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="receivables-2026-12-02.csv"');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe(
      'Organization,Currency,Due,Overdue,Oldest overdue due date,Current,1-30,31-60,61-90,90+',
    );
    expect(lines).toContain('Late Payers,EUR,120.00,120.00,2026-07-31,0.00,20.00,0.00,0.00,100.00');
    // A name that starts like a formula is shown, not run.
    expect(lines).toContain("'=cmd|calc!A1,EUR,1.00,1.00,2026-11-02,0.00,1.00,0.00,0.00,0.00");
    for (const outsider of [people.main, people.agent]) {
      expect((await context.as(outsider).get('/v1/staff/receivables')).statusCode).toBe(403);
      expect((await context.as(outsider).get('/v1/staff/receivables/csv')).statusCode).toBe(403);
    }
  });
});
