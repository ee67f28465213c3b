import { gunzipSync } from 'node:zlib';
import { formatMoney, Invoice, Statement, StatementPage } from '@portals/domain';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountStatements } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { textOf } from './pdf-text';
import { useTestApp } from './test-app';

const now = new Date('2026-12-02T10:00:00Z');

describe('account statements', () => {
  const context = useTestApp({ clock: () => now });
  const people = {} as Record<'billing' | 'main' | 'administrative' | 'technical' | 'otherMain', TestUser>;
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Stated Ltd', tier: 'advanced' });
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.main = await context.factories.contact({ organizationId, roles: ['main'] });
    people.administrative = await context.factories.contact({ organizationId, roles: ['administrative'] });
    people.technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    const other = await context.factories.organization({ name: 'Unrelated' });
    people.otherMain = await context.factories.contact({ organizationId: other, roles: ['main'] });
  });

  /** An invoice of one line (no tax) for `amountMinor`, issued on `issueDate`, due 30 days later. */
  const invoice = async (
    amountMinor: number,
    issueDate: string,
    { organization = organizationId, currency = 'EUR' } = {},
  ) => {
    const draft = Invoice.parse(
      (
        await context.as(people.billing).post('/v1/staff/invoices', {
          organizationId: organization,
          currency,
          lines: [
            { description: 'Services', quantity: 1, unitPriceMinor: amountMinor, taxRateBasisPoints: 0 },
          ],
        })
      ).json(),
    );
    const issued = await context
      .as(people.billing)
      .post(`/v1/staff/invoices/${draft.id}/issue`, { issueDate });
    expect(issued.statusCode, issued.body).toBe(200);
    return Invoice.parse(issued.json());
  };

  const pay = async (invoiceId: string, amountMinor: number, receivedOn: string, reference = 'TRF') => {
    const response = await context.as(people.billing).post(`/v1/staff/invoices/${invoiceId}/payments`, {
      amountMinor,
      method: 'bank_transfer',
      reference,
      receivedOn,
    });
    expect(response.statusCode, response.body).toBe(201);
  };

  const generate = async (body: object, as: TestUser = people.main) => {
    const response = await context.as(as).post('/v1/statements', body);
    expect(response.statusCode, response.body).toBe(201);
    return Statement.parse(response.json());
  };

  it('carries the opening balance, runs the balance through the period and ages what remained due', async () => {
    const organization = await context.factories.organization({ name: 'Hand Computed', tier: 'basic' });
    const contact = await context.factories.contact({ organizationId: organization, roles: ['main'] });
    const january = await invoice(100_000, '2026-01-10', { organization }); // due 2026-02-09
    await pay(january.id, 40_000, '2026-01-20', 'TRF-JAN');
    const february = await invoice(25_050, '2026-02-05', { organization }); // due 2026-03-07
    await pay(january.id, 10_000, '2026-02-15', 'TRF-FEB');
    await invoice(7_700, '2026-03-01', { organization }); // after the period
    await invoice(5_000, '2026-02-10', { organization, currency: 'JPY' }); // another currency
    const voided = await invoice(99_999, '2026-02-11', { organization });
    await context.as(people.billing).post(`/v1/staff/invoices/${voided.id}/void`, { reason: 'Duplicate' });

    const statement = await generate({ currency: 'EUR', from: '2026-02-01', to: '2026-02-28' }, contact);
    expect(statement).toMatchObject({
      organization: { id: organization, name: 'Hand Computed' },
      currency: 'EUR',
      from: '2026-02-01',
      to: '2026-02-28',
      openingMinor: 60_000,
      closingMinor: 75_050,
    });
    expect(statement.rows).toEqual([
      {
        date: '2026-02-05',
        kind: 'invoice',
        reference: february.number,
        debitMinor: 25_050,
        creditMinor: 0,
        balanceMinor: 85_050,
      },
      {
        date: '2026-02-15',
        kind: 'payment',
        reference: 'TRF-FEB',
        debitMinor: 0,
        creditMinor: 10_000,
        balanceMinor: 75_050,
      },
    ]);
    // At 2026-02-28 January's 50,000 left is 19 days past due; February's is not yet due.
    expect(statement.aging).toEqual([
      { bucket: 'current', amountMinor: 25_050 },
      { bucket: '1-30', amountMinor: 50_000 },
      { bucket: '31-60', amountMinor: 0 },
      { bucket: '61-90', amountMinor: 0 },
      { bucket: '90+', amountMinor: 0 },
    ]);
  });

  it('keeps each statement: read and downloaded again, page, CSV and PDF are identical after later activity', async () => {
    const first = await invoice(12_345, '2026-10-05');
    const statement = await generate({ currency: 'EUR', from: '2026-10-01', to: '2026-10-31' });
    const csv = await context.as(people.main).get(`/v1/statements/${statement.id}/csv`);
    const pdf = await context.as(people.main).get(`/v1/statements/${statement.id}/pdf`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-encoding']).toBeUndefined();
    expect(csv.body).toMatch(/^Date,Type,Reference,Debit \(EUR\)/);
    // Kept gzipped: a client that accepts gzip gets the kept bytes, which unpack to the same CSV.
    const gzipped = await context
      .as(people.main)
      .get(`/v1/statements/${statement.id}/csv`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(gzipped.rawPayload).toString('utf8')).toBe(csv.body);
    const refused = await context
      .as(people.main)
      .get(`/v1/statements/${statement.id}/csv`, { headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(csv.body);
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="statement-EUR-2026-10-01-to-2026-10-31.csv"',
    );
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Read back by a PDF reader: the account, the rows and the balances, in the currency's digits.
    const text = await textOf(pdf.rawPayload);
    for (const expected of [
      'Account statement',
      'Stated Ltd',
      `Opening balance ${formatMoney(statement.openingMinor, 'EUR')}`,
      `${first.number}`,
      '€123.45',
      `Closing balance ${formatMoney(statement.closingMinor, 'EUR')}`,
    ]) {
      expect(text).toContain(expected);
    }

    // Later activity inside the period: a payment dated in October, and another invoice.
    await pay(first.id, 2_345, '2026-10-20');
    await invoice(500, '2026-10-25');

    const again = Statement.parse(
      (await context.as(people.administrative).get(`/v1/statements/${statement.id}`)).json(),
    );
    expect(again).toEqual(statement);
    expect((await context.as(people.main).get(`/v1/statements/${statement.id}/csv`)).body).toBe(csv.body);
    expect(
      (await context.as(people.main).get(`/v1/statements/${statement.id}/pdf`)).rawPayload.equals(
        pdf.rawPayload,
      ),
    ).toBe(true);
    // A new statement of the same period shows the activity.
    const newer = await generate({ currency: 'EUR', from: '2026-10-01', to: '2026-10-31' });
    expect(newer.rows.length).toBe(statement.rows.length + 2);
    // The page reads the rows a window at a time; the count tells how many there are.
    const window = Statement.parse(
      (await context.as(people.main).get(`/v1/statements/${newer.id}?rowsOffset=1&rowsLimit=2`)).json(),
    );
    expect(window.rowCount).toBe(newer.rows.length);
    expect(window.rows).toEqual(newer.rows.slice(1, 3));
    expect((await context.as(people.main).get(`/v1/statements/${newer.id}?rowsLimit=1001`)).statusCode).toBe(
      400,
    );
    const listed = StatementPage.parse((await context.as(people.main).get('/v1/statements')).json());
    expect(listed.items.slice(0, 2).map((item) => item.id)).toEqual([newer.id, statement.id]);
  });

  it('still serves a statement whose CSV was kept as text before CSVs were kept gzipped', async () => {
    const [kept] = await context.database.db
      .insert(accountStatements)
      .values({
        organizationId,
        currency: 'EUR',
        periodFrom: '2025-01-01',
        periodTo: '2025-01-31',
        organizationName: 'Stated Ltd',
        openingMinor: 0,
        closingMinor: 0,
        rowCount: 0,
        aging: [],
        csv: 'Date,Type,Reference,Debit (EUR),Credit (EUR),Balance (EUR)\r\n',
        pdf: Buffer.from('%PDF-1.3'),
      })
      .returning();
    const requests: Record<string, string>[] = [{}, { 'accept-encoding': 'gzip' }];
    for (const headers of requests) {
      const response = await context.as(people.main).get(`/v1/statements/${kept?.id}/csv`, { headers });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.body).toBe('Date,Type,Reference,Debit (EUR),Credit (EUR),Balance (EUR)\r\n');
    }
    expect((await context.as(people.otherMain).get(`/v1/statements/${kept?.id}/csv`)).statusCode).toBe(404);
  });

  it('writes CSV with exact decimals of the currency, and a reference that looks like a formula made inert', async () => {
    const yen = await invoice(1_234_567, '2026-11-03', { currency: 'JPY' });
    await pay(yen.id, 1_000, '2026-11-04', '=HYPERLINK("x")');
    const statement = await generate({ currency: 'JPY', from: '2026-11-01', to: '2026-11-30' });
    const csv = (await context.as(people.main).get(`/v1/statements/${statement.id}/csv`)).body;
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Date,Type,Reference,Debit (JPY),Credit (JPY),Balance (JPY)');
    expect(lines).toContain(
      `2026-11-03,Invoice,${yen.number},1234567,,${1_234_567 + statement.openingMinor}`,
    );
    // A reference that starts like a formula is shown, not run: a leading apostrophe, then quoted.
    expect(csv).toContain(`,Payment,"'=HYPERLINK(""x"")",`);
    expect(csv).not.toMatch(/,"?=HYPERLINK/);
    expect(lines).toContain(`2026-11-30,Closing balance,,,,${statement.closingMinor}`);
  });

  it('closes on opening + rows for random invoices and payments in 0-, 2- and 3-decimal currencies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('JPY', 'EUR', 'KWD'),
        fc.array(
          fc.record({
            amount: fc.integer({ min: 1, max: 5_000_000 }),
            day: fc.integer({ min: 1, max: 28 }),
            month: fc.integer({ min: 1, max: 6 }),
            paidShare: fc.integer({ min: 0, max: 100 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 1, max: 6 }),
        async (currency, drafts, periodMonth) => {
          const organization = await context.factories.organization();
          const contact = await context.factories.contact({ organizationId: organization, roles: ['main'] });
          for (const draft of drafts) {
            const date = `2026-0${draft.month}-${String(draft.day).padStart(2, '0')}`;
            const issued = await invoice(draft.amount, date, { organization, currency });
            expect(issued.subtotalMinor + issued.taxMinor).toBe(issued.totalMinor);
            const paid = Math.floor((draft.amount * draft.paidShare) / 100);
            if (paid > 0) await pay(issued.id, paid, date);
          }
          const from = `2026-0${periodMonth}-01`;
          const to = `2026-0${periodMonth}-28`;
          const statement = await generate({ currency, from, to }, contact);
          const moved = statement.rows.reduce((sum, row) => sum + row.debitMinor - row.creditMinor, 0);
          expect(statement.closingMinor).toBe(statement.openingMinor + moved);
          expect(statement.rows.at(-1)?.balanceMinor ?? statement.openingMinor).toBe(statement.closingMinor);
          const owed = drafts
            .filter((draft) => `2026-0${draft.month}-${String(draft.day).padStart(2, '0')}` <= to)
            .reduce(
              (sum, draft) => sum + draft.amount - Math.floor((draft.amount * draft.paidShare) / 100),
              0,
            );
          expect(statement.closingMinor).toBe(owed);
          expect(statement.aging.reduce((sum, bucket) => sum + bucket.amountMinor, 0)).toBe(owed);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('keeps statements from technical contacts and other organizations, and asks staff whose', async () => {
    const statement = await generate({ currency: 'EUR', from: '2026-01-01', to: '2026-12-31' });
    expect(
      (
        await context
          .as(people.technical)
          .post('/v1/statements', { currency: 'EUR', from: '2026-01-01', to: '2026-01-31' })
      ).statusCode,
    ).toBe(403);
    expect((await context.as(people.technical).get(`/v1/statements/${statement.id}`)).statusCode).toBe(403);
    for (const path of ['', '/csv', '/pdf']) {
      expect(
        (await context.as(people.otherMain).get(`/v1/statements/${statement.id}${path}`)).statusCode,
      ).toBe(404);
    }
    const theirs = StatementPage.parse((await context.as(people.otherMain).get('/v1/statements')).json());
    expect(theirs.items.map((item) => item.id)).not.toContain(statement.id);
    const someoneElses = await context
      .as(people.otherMain)
      .post('/v1/statements', { currency: 'EUR', from: '2026-01-01', to: '2026-01-31', organizationId });
    expect(someoneElses.statusCode).toBe(403);
    const staffWithout = await context
      .as(people.billing)
      .post('/v1/statements', { currency: 'EUR', from: '2026-01-01', to: '2026-01-31' });
    expect(staffWithout.statusCode).toBe(400);
    const byStaff = await generate(
      { currency: 'EUR', from: '2026-01-01', to: '2026-12-31', organizationId },
      people.billing,
    );
    expect(byStaff.closingMinor).toBe(statement.closingMinor);
    const backwards = await context
      .as(people.main)
      .post('/v1/statements', { currency: 'EUR', from: '2026-02-01', to: '2026-01-01' });
    expect(backwards.statusCode).toBe(400);
  });
});
