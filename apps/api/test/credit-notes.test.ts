import { AccountCredit, Invoice, Problem, RefundRecorded, Statement } from '@portals/domain';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { creditNotes, creditRefunds } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

describe('credit notes, account credit and refunds', () => {
  const context = useTestApp({ clock: () => new Date('2026-12-02T10:00:00Z') });
  const people = {} as Record<'billing' | 'agent', TestUser>;

  beforeAll(async () => {
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.agent = await context.factories.staff({ roles: ['support_agent'] });
  });

  /** An organization of its own for each test, with its main contact. */
  const customer = async () => {
    const organizationId = await context.factories.organization({ tier: 'basic' });
    const main = await context.factories.contact({ organizationId, roles: ['main'] });
    return { organizationId, main };
  };

  const issued = async (organizationId: string, amountMinor: number, issueDate: string, currency = 'EUR') => {
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
    const response = await context
      .as(people.billing)
      .post(`/v1/staff/invoices/${draft.id}/issue`, { issueDate });
    expect(response.statusCode, response.body).toBe(200);
    return Invoice.parse(response.json());
  };

  const pay = (invoiceId: string, amountMinor: number, receivedOn = '2026-11-10') =>
    context.as(people.billing).post(`/v1/staff/invoices/${invoiceId}/payments`, {
      amountMinor,
      method: 'bank_transfer',
      reference: 'TRF',
      receivedOn,
    });

  const credit = (invoiceId: string, amountMinor: number, issueDate = '2026-11-15', as = people.billing) =>
    context.as(as).post(`/v1/staff/invoices/${invoiceId}/credit-notes`, {
      amountMinor,
      reason: 'Service credit',
      issueDate,
    });

  const accountCredit = async (organizationId: string) =>
    AccountCredit.parse(
      (await context.as(people.billing).get(`/v1/account-credit?organizationId=${organizationId}`)).json(),
    ).items;

  it('reduces what the invoice asks for, numbered in the CN series', async () => {
    const { organizationId } = await customer();
    const invoice = await issued(organizationId, 10_000, '2026-11-01');
    await pay(invoice.id, 3_000);
    const response = await credit(invoice.id, 5_000);
    expect(response.statusCode, response.body).toBe(201);
    const credited = Invoice.parse(response.json());
    expect(credited).toMatchObject({
      paidMinor: 3_000,
      creditedMinor: 5_000,
      remainingMinor: 2_000,
      paymentStatus: 'partially_paid',
    });
    expect(credited.creditNotes).toEqual([
      expect.objectContaining({ amountMinor: 5_000, reason: 'Service credit', issueDate: '2026-11-15' }),
    ]);
    expect(credited.creditNotes[0]?.number).toMatch(/^CN-2026-\d{4}$/);
    expect(credited.credits).toEqual([
      { creditNoteNumber: credited.creditNotes[0]?.number, amountMinor: 5_000, appliedOn: '2026-11-15' },
    ]);
    expect(await accountCredit(organizationId)).toEqual([]);
    // Paying the rest settles it; a payment past it is refused.
    expect((await pay(invoice.id, 2_001)).statusCode).toBe(409);
    expect(Invoice.parse((await pay(invoice.id, 2_000)).json()).paymentStatus).toBe('paid');
  });

  it("leaves what it credits beyond the invoice's due as account credit, which the next invoice in the currency consumes", async () => {
    const { organizationId, main } = await customer();
    const paid = await issued(organizationId, 10_000, '2026-10-01');
    await pay(paid.id, 10_000, '2026-10-05');
    const credited = Invoice.parse((await credit(paid.id, 4_000, '2026-10-20')).json());
    expect(credited).toMatchObject({ creditedMinor: 0, remainingMinor: 0, paymentStatus: 'paid' });
    expect(await accountCredit(organizationId)).toEqual([{ currency: 'EUR', creditMinor: 4_000 }]);
    // The contact reads their own account credit.
    const own = AccountCredit.parse((await context.as(main).get('/v1/account-credit')).json());
    expect(own.items).toEqual([{ currency: 'EUR', creditMinor: 4_000 }]);

    const yen = await issued(organizationId, 50_000, '2026-11-01', 'JPY');
    expect(yen.creditedMinor).toBe(0);
    const next = await issued(organizationId, 2_500, '2026-11-02');
    expect(next).toMatchObject({ creditedMinor: 2_500, remainingMinor: 0, paymentStatus: 'paid' });
    const after = await issued(organizationId, 10_000, '2026-11-03');
    expect(after).toMatchObject({
      creditedMinor: 1_500,
      remainingMinor: 8_500,
      paymentStatus: 'partially_paid',
    });
    expect(await accountCredit(organizationId)).toEqual([]);

    // The statement counts the credit note once (as a credit), not its applications.
    const statement = Statement.parse(
      (
        await context
          .as(main)
          .post('/v1/statements', { currency: 'EUR', from: '2026-10-01', to: '2026-11-30' })
      ).json(),
    );
    expect(statement.rows.map((row) => [row.kind, row.debitMinor, row.creditMinor])).toEqual([
      ['invoice', 10_000, 0],
      ['payment', 0, 10_000],
      ['credit_note', 0, 4_000],
      ['invoice', 2_500, 0],
      ['invoice', 10_000, 0],
    ]);
    expect(statement.closingMinor).toBe(8_500);
  });

  it('refunds account credit, never more than is left, and the statement shows the refund as a debit', async () => {
    const { organizationId, main } = await customer();
    const paid = await issued(organizationId, 10_000, '2026-09-01');
    await pay(paid.id, 10_000, '2026-09-02');
    await credit(paid.id, 3_000, '2026-09-10');
    const refund = (amountMinor: number) =>
      context.as(people.billing).post(`/v1/staff/organizations/${organizationId}/refunds`, {
        currency: 'EUR',
        amountMinor,
        reference: 'Refund TRF-9',
        refundedOn: '2026-09-20',
      });
    const tooMuch = await refund(3_001);
    expect(tooMuch.statusCode).toBe(409);
    expect(Problem.parse(tooMuch.json()).detail).toMatch(/3000 minor units in EUR/);
    expect(
      await context.database.db
        .select()
        .from(creditRefunds)
        .where(eq(creditRefunds.organizationId, organizationId)),
    ).toEqual([]);
    const done = await refund(3_000);
    expect(done.statusCode, done.body).toBe(201);
    expect(RefundRecorded.parse(done.json()).accountCredit.items).toEqual([]);
    expect((await refund(1)).statusCode).toBe(409);
    const statement = Statement.parse(
      (
        await context
          .as(main)
          .post('/v1/statements', { currency: 'EUR', from: '2026-09-01', to: '2026-09-30' })
      ).json(),
    );
    expect(statement.rows.at(-1)).toMatchObject({
      kind: 'refund',
      reference: 'Refund TRF-9',
      debitMinor: 3_000,
    });
    expect(statement.closingMinor).toBe(0);
  });

  it('refuses crediting more than remains creditable, a draft, a void invoice, and voiding a credited one', async () => {
    const { organizationId } = await customer();
    const invoice = await issued(organizationId, 10_000, '2026-11-01');
    expect((await credit(invoice.id, 6_000)).statusCode).toBe(201);
    const beyond = await credit(invoice.id, 4_001);
    expect(beyond.statusCode).toBe(409);
    expect(Problem.parse(beyond.json()).detail).toMatch(/4000 minor units/);
    expect(
      (await context.as(people.billing).post(`/v1/staff/invoices/${invoice.id}/void`, { reason: 'No' }))
        .statusCode,
    ).toBe(409);
    const draft = Invoice.parse(
      (
        await context.as(people.billing).post('/v1/staff/invoices', {
          organizationId,
          currency: 'EUR',
          lines: [{ description: 'Draft', quantity: 1, unitPriceMinor: 100, taxRateBasisPoints: 0 }],
        })
      ).json(),
    );
    expect((await credit(draft.id, 10)).statusCode).toBe(409);
    const voided = await issued(organizationId, 500, '2026-11-02');
    await context.as(people.billing).post(`/v1/staff/invoices/${voided.id}/void`, { reason: 'Duplicate' });
    expect((await credit(voided.id, 10)).statusCode).toBe(409);
    const notes = await context.database.db
      .select()
      .from(creditNotes)
      .where(eq(creditNotes.organizationId, organizationId));
    expect(notes.map((note) => note.amountMinor)).toEqual([6_000]);
  });

  it('never credits beyond the total, however many credit notes arrive at once', async () => {
    const { organizationId } = await customer();
    const invoice = await issued(organizationId, 10_000, '2026-11-01');
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => credit(invoice.id, 3_000)));
    expect(outcomes.filter((response) => response.statusCode === 201)).toHaveLength(3);
    expect(outcomes.filter((response) => response.statusCode === 409)).toHaveLength(5);
    const read = Invoice.parse((await context.as(people.billing).get(`/v1/invoices/${invoice.id}`)).json());
    expect(read).toMatchObject({ creditedMinor: 9_000, remainingMinor: 1_000 });
    // Numbers of the credit notes follow on without a gap.
    const numbers = read.creditNotes.map((note) => Number(note.number.slice(-4))).sort((a, b) => a - b);
    expect(numbers).toEqual([numbers[0], (numbers[0] ?? 0) + 1, (numbers[0] ?? 0) + 2]);
  });

  it('keeps credit in the hands of billing staff', async () => {
    const { organizationId, main } = await customer();
    const invoice = await issued(organizationId, 1_000, '2026-11-01');
    expect((await credit(invoice.id, 100, '2026-11-02', main)).statusCode).toBe(403);
    expect((await credit(invoice.id, 100, '2026-11-02', people.agent)).statusCode).toBe(403);
    const other = await customer();
    expect(
      (await context.as(other.main).get(`/v1/account-credit?organizationId=${organizationId}`)).statusCode,
    ).toBe(403);
    expect((await context.as(people.billing).get('/v1/account-credit')).statusCode).toBe(400);
    expect(
      (
        await context.as(people.billing).post(`/v1/staff/organizations/${crypto.randomUUID()}/refunds`, {
          currency: 'EUR',
          amountMinor: 1,
          reference: 'Nobody',
          refundedOn: '2026-11-02',
        })
      ).statusCode,
    ).toBe(404);
  });
});
