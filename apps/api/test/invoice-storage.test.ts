import type { Actor, ContactRole } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { creditNotes, creditRefunds, invoiceLines, invoicePayments, invoices } from '../src/db/schema/index';
import { scopeOf, withScope } from '../src/db/scope';
import {
  type DraftLine,
  insertDraftInvoice,
  issueInvoice,
  recordPayment,
  voidInvoice,
} from '../src/modules/invoices/repository';
import { useTestDatabase } from './test-app';

const staffActor = (userId: string): Actor => ({
  userId,
  kind: 'staff',
  organizationId: null,
  contactRoles: [],
  staffRoles: ['billing'],
  tier: null,
  twoFactorVerified: true,
  scopes: null,
});

const contactActor = (userId: string, organizationId: string, roles: ContactRole[]): Actor => ({
  userId,
  kind: 'contact',
  organizationId,
  contactRoles: roles,
  staffRoles: [],
  tier: 'premium',
  twoFactorVerified: true,
  scopes: null,
});

/** The database's own words for a refused statement (drizzle wraps the driver's error). */
const refusal = async (statement: Promise<unknown>) => {
  try {
    await statement;
  } catch (error) {
    const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: string; message: string };
    return { code: cause.code, message: cause.message };
  }
  throw new Error('the statement was not refused');
};

const lines: DraftLine[] = [
  {
    description: 'Premium subscription, 4 servers',
    quantity: 4,
    unitPriceMinor: 125_000,
    taxRateBasisPoints: 2_000,
  },
  {
    description: 'Additional named support account',
    quantity: 1,
    unitPriceMinor: 9_999,
    taxRateBasisPoints: 2_000,
  },
];

describe('invoices in the database: issued ones do not change, numbers have no gaps, payments never overpay', () => {
  const context = useTestDatabase();
  let organizationId: string;
  let otherOrganizationId: string;
  let staff: Actor;
  const contacts = {} as Record<'main' | 'administrative' | 'technical' | 'otherMain', Actor>;

  const asStaff = <T>(run: Parameters<typeof withScope<T>>[2]) =>
    withScope(context.database.db, scopeOf(staff), run);

  const draft = (organization = organizationId, currency: 'EUR' | 'JPY' = 'EUR') =>
    asStaff((tx) =>
      insertDraftInvoice(tx, {
        organizationId: organization,
        currency,
        lines,
        createdByUserId: staff.userId,
      }),
    );

  const issued = async (organization = organizationId) => {
    const { id } = await draft(organization);
    const number = await asStaff((tx) =>
      issueInvoice(tx, { invoiceId: id, issueDate: '2026-11-02', dueDate: '2026-12-02' }),
    );
    return { id, number };
  };

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Initech', tier: 'premium' });
    otherOrganizationId = await context.factories.organization({ name: 'Globex', tier: 'basic' });
    staff = staffActor((await context.factories.staff({ roles: ['billing'] })).id);
    for (const role of ['main', 'administrative', 'technical'] as const) {
      const person = await context.factories.contact({ organizationId, roles: [role] });
      contacts[role] = contactActor(person.id, organizationId, [role]);
    }
    const otherMain = await context.factories.contact({
      organizationId: otherOrganizationId,
      roles: ['main'],
    });
    contacts.otherMain = contactActor(otherMain.id, otherOrganizationId, ['main']);
  });

  it('keeps the totals the domain computed: lines + tax = total, each line taxed on its own', async () => {
    const { id } = await draft();
    const [invoice] = await context.database.db.select().from(invoices).where(eq(invoices.id, id));
    // 4 × 1,250.00 + 99.99 = 5,099.99; 20 % of each line: 1,000.00 and 19.998 → 20.00.
    expect(invoice).toMatchObject({ subtotalMinor: 509_999, taxMinor: 102_000, totalMinor: 611_999 });
    const stored = await context.database.db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, id));
    expect(stored.map((line) => [line.position, line.netMinor, line.taxMinor])).toEqual([
      [1, 500_000, 100_000],
      [2, 9_999, 2_000],
    ]);
  });

  it("refuses any change to an issued invoice's lines and totals, even from the owner's connection", async () => {
    const { id } = await issued();
    const db = context.database.db;
    for (const statement of [
      db.update(invoices).set({ totalMinor: 1, subtotalMinor: 1, taxMinor: 0 }).where(eq(invoices.id, id)),
      db.update(invoices).set({ currency: 'USD' }).where(eq(invoices.id, id)),
      db
        .update(invoices)
        .set({ documentStatus: 'draft', number: null, numberYear: null })
        .where(eq(invoices.id, id)),
      db.update(invoiceLines).set({ description: 'Something else' }).where(eq(invoiceLines.invoiceId, id)),
      db.delete(invoiceLines).where(eq(invoiceLines.invoiceId, id)),
      db.insert(invoiceLines).values({
        invoiceId: id,
        organizationId,
        position: 3,
        description: 'Slipped in',
        quantity: 1,
        unitPriceMinor: 1,
        taxRateBasisPoints: 0,
        netMinor: 1,
        taxMinor: 0,
      }),
      db.delete(invoices).where(eq(invoices.id, id)),
      // What it keeps as paid and credited follows its payments and credit notes, and nothing else.
      db.update(invoices).set({ paidMinor: 611_999 }).where(eq(invoices.id, id)),
      db.update(invoices).set({ creditedMinor: 1 }).where(eq(invoices.id, id)),
      db.update(invoices).set({ listedOn: '2020-01-01' }).where(eq(invoices.id, id)),
    ]) {
      expect((await refusal(statement)).code).toBe('55000');
    }
    const [after] = await db.select().from(invoices).where(eq(invoices.id, id));
    expect(after).toMatchObject({
      documentStatus: 'issued',
      totalMinor: 611_999,
      currency: 'EUR',
      paidMinor: 0,
      creditedMinor: 0,
      listedOn: after?.issueDate,
    });
    expect(await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id))).toHaveLength(2);
  });

  it('voids an issued invoice once, with its reason; a void invoice changes no more', async () => {
    const { id } = await issued();
    await asStaff((tx) => voidInvoice(tx, { invoiceId: id, reason: 'Issued to the wrong organization' }));
    const [voided] = await context.database.db.select().from(invoices).where(eq(invoices.id, id));
    expect(voided).toMatchObject({ documentStatus: 'void', voidReason: 'Issued to the wrong organization' });
    await expect(asStaff((tx) => voidInvoice(tx, { invoiceId: id, reason: 'Again' }))).rejects.toMatchObject({
      code: 'invalid_transition',
      detail: 'The invoice is already void',
    });
    expect(
      (
        await refusal(
          context.database.db.update(invoices).set({ uncollectible: true }).where(eq(invoices.id, id)),
        )
      ).code,
    ).toBe('55000');
  });

  it('numbers issued invoices 1, 2, 3… per series and year with no gap, even issued concurrently or rolled back', async () => {
    const drafts = await Promise.all(Array.from({ length: 12 }, () => draft()));
    // One issue that fails after taking its number gives the number back.
    const rolledBack = await draft();
    await expect(
      asStaff(async (tx) => {
        await issueInvoice(tx, { invoiceId: rolledBack.id, issueDate: '2027-01-05', dueDate: '2027-02-04' });
        throw new Error('the transaction fails after the number was taken');
      }),
    ).rejects.toThrow(/after the number was taken/);
    const numbers = await Promise.all(
      drafts.map(({ id }) =>
        asStaff((tx) => issueInvoice(tx, { invoiceId: id, issueDate: '2027-01-05', dueDate: '2027-02-04' })),
      ),
    );
    expect(numbers.map((taken) => taken.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
    expect(new Set(numbers.map((taken) => `${taken.series}-${taken.year}`))).toEqual(new Set(['INV-2027']));
    const [rolledBackRow] = await context.database.db
      .select()
      .from(invoices)
      .where(eq(invoices.id, rolledBack.id));
    expect(rolledBackRow).toMatchObject({ documentStatus: 'draft', number: null });
    // Issuing a draft twice is a refused transition, not a second number.
    await expect(
      asStaff((tx) =>
        issueInvoice(tx, { invoiceId: drafts[0]?.id ?? '', issueDate: '2027-01-06', dueDate: '2027-02-05' }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_transition' });
  });

  it('never lets concurrent payments pay more than the total, and refuses paying a draft', async () => {
    const { id } = await issued();
    // Ten payments of 40 % each, at once: two fit, with 20 % left to pay.
    const amount = Math.floor(611_999 * 0.4);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        asStaff((tx) =>
          recordPayment(tx, {
            invoiceId: id,
            amountMinor: amount,
            method: 'bank_transfer',
            reference: `TRF-${index}`,
            receivedOn: '2026-11-20',
            recordedByUserId: staff.userId,
          }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    const [paid] = await context.database.db
      .select({ sum: sql<string>`sum(${invoicePayments.amountMinor})::text` })
      .from(invoicePayments)
      .where(eq(invoicePayments.invoiceId, id));
    expect(Number(paid?.sum)).toBe(2 * amount);
    // What the invoice keeps as paid (read by the lists) follows its payments, concurrent ones included.
    const [kept] = await context.database.db.select().from(invoices).where(eq(invoices.id, id));
    expect(kept).toMatchObject({ paidMinor: 2 * amount, creditedMinor: 0 });
    // The database refuses an overpayment even when the service's check is bypassed.
    const beyond = await refusal(
      context.database.db.insert(invoicePayments).values({
        invoiceId: id,
        organizationId,
        currency: 'EUR',
        amountMinor: 611_999 - 2 * amount + 1,
        method: 'other',
        reference: 'Bypass',
        receivedOn: '2026-11-21',
      }),
    );
    expect(beyond).toMatchObject({ code: '23514', message: expect.stringMatching(/beyond its total/) });
    // A payment in another currency than the invoice's has nothing to attach to.
    expect(
      (
        await refusal(
          context.database.db.insert(invoicePayments).values({
            invoiceId: id,
            organizationId,
            currency: 'USD',
            amountMinor: 1,
            method: 'other',
            reference: 'Wrong currency',
            receivedOn: '2026-11-21',
          }),
        )
      ).code,
    ).toBe('23503');
    const unissued = await draft();
    await expect(
      asStaff((tx) =>
        recordPayment(tx, {
          invoiceId: unissued.id,
          amountMinor: 100,
          method: 'card',
          reference: 'Card 4242',
          receivedOn: '2026-11-20',
          recordedByUserId: staff.userId,
        }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_transition' });
    // And a recorded payment is never rewritten.
    expect(
      (
        await refusal(
          context.database.db
            .update(invoicePayments)
            .set({ amountMinor: 1 })
            .where(eq(invoicePayments.invoiceId, id)),
        )
      ).code,
    ).toBe('42501');
  });

  it('shows issued invoices to the main and administrative contacts of their organization only, never a draft', async () => {
    const visible = async (actor: Actor) =>
      withScope(context.database.db, scopeOf(actor), (tx) =>
        tx
          .select({
            id: invoices.id,
            status: invoices.documentStatus,
            organizationId: invoices.organizationId,
          })
          .from(invoices),
      );
    const own = await issued();
    const ownDraft = await draft();
    const theirs = await issued(otherOrganizationId);
    for (const role of ['main', 'administrative'] as const) {
      const rows = await visible(contacts[role]);
      const ids = rows.map((row) => row.id);
      expect(ids, role).toContain(own.id);
      expect(ids, role).not.toContain(ownDraft.id);
      expect(ids, role).not.toContain(theirs.id);
      expect(new Set(rows.map((row) => row.organizationId))).toEqual(new Set([organizationId]));
      expect(rows.every((row) => row.status !== 'draft')).toBe(true);
    }
    expect(await visible(contacts.technical)).toEqual([]);
    expect((await visible(contacts.otherMain)).map((row) => row.id)).toContain(theirs.id);
    const otherLines = await withScope(context.database.db, scopeOf(contacts.main), (tx) =>
      tx.select({ id: invoiceLines.id }).from(invoiceLines).where(eq(invoiceLines.invoiceId, theirs.id)),
    );
    expect(otherLines).toEqual([]);
    // A contact writes nothing to the books, not even on their own organization's invoice.
    expect(
      (
        await refusal(
          withScope(context.database.db, scopeOf(contacts.main), (tx) =>
            tx.insert(invoices).values({ organizationId, currency: 'EUR' }),
          ),
        )
      ).message,
    ).toMatch(/row-level security/);
  });

  it("refuses, from the owner's connection too, crediting past the total and refunding credit that is not there", async () => {
    const { id } = await issued();
    const creditNote = (number: number, amountMinor: number) =>
      context.database.db.insert(creditNotes).values({
        organizationId,
        invoiceId: id,
        currency: 'EUR',
        numberYear: 2099,
        number,
        issueDate: '2026-11-10',
        amountMinor,
        reason: 'Bypass',
      });
    await creditNote(1, 600_000);
    expect(await refusal(creditNote(2, 11_999 + 1))).toMatchObject({
      code: '23514',
      message: expect.stringMatching(/beyond its total/),
    });
    const refund = (amountMinor: number) =>
      context.database.db.insert(creditRefunds).values({
        organizationId,
        currency: 'EUR',
        amountMinor,
        reference: 'Bypass',
        refundedOn: '2026-11-11',
      });
    expect((await refusal(refund(600_001))).code).toBe('23514');
    await refund(600_000);
    expect((await refusal(context.database.db.delete(creditRefunds))).code).toBe('42501');
  });
});
