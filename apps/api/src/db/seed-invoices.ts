import { type Currency, type InvoiceLineInput, invoiceTotals } from '@portals/domain';
import { eq } from 'drizzle-orm';
import { takeNumber } from '../modules/invoices/numbering';
import type { Executor } from './client';
import {
  creditApplications,
  creditNotes,
  invoiceLines,
  invoicePayments,
  invoices,
  organizations,
} from './schema/index';

/** A demo invoice: dates in days from today (negative: past), payments as amounts in minor units. */
interface DemoInvoice {
  organization: string;
  currency: Currency;
  issuedDaysAgo: number;
  termDays: number;
  lines: (InvoiceLineInput & { description: string })[];
  payments?: { daysAgo: number; amountMinor: number | 'all'; reference: string }[];
  creditNote?: { daysAgo: number; amountMinor: number; reason: string };
}

const support = (description: string, unitPriceMinor: number, taxRateBasisPoints = 2_000, quantity = 1) => ({
  description,
  quantity,
  unitPriceMinor,
  taxRateBasisPoints,
});

/**
 * Acme Cloud: EUR invoices (one paid, one partly paid, one overdue with a credit note against it) and a
 * JPY one (no decimals); the partner and the basic customer a few each.
 */
const demoInvoices: DemoInvoice[] = [
  {
    organization: 'Acme Cloud',
    currency: 'EUR',
    issuedDaysAgo: 120,
    termDays: 30,
    lines: [support('vOneCloud premium subscription, 12 servers', 95_000, 2_000, 12)],
    payments: [{ daysAgo: 100, amountMinor: 'all', reference: 'Bank transfer ACME-7781' }],
  },
  {
    organization: 'Acme Cloud',
    currency: 'EUR',
    issuedDaysAgo: 75,
    termDays: 30,
    lines: [
      support('Migration workshop (2 days)', 240_000),
      support('Additional named support account', 45_000),
    ],
    creditNote: { daysAgo: 50, amountMinor: 45_000, reason: 'Named support account charged twice' },
  },
  {
    organization: 'Acme Cloud',
    currency: 'EUR',
    issuedDaysAgo: 20,
    termDays: 30,
    lines: [support('vOneCloud premium subscription, 2 additional servers', 95_000, 2_000, 2)],
    payments: [{ daysAgo: 5, amountMinor: 100_000, reference: 'Purchase order PO-2291' }],
  },
  {
    organization: 'Acme Cloud',
    currency: 'JPY',
    issuedDaysAgo: 10,
    termDays: 45,
    lines: [support('Tokyo region support, on-site visit', 180_000, 1_000)],
  },
  {
    organization: 'Partner Integrations',
    currency: 'EUR',
    issuedDaysAgo: 40,
    termDays: 30,
    lines: [support('Partner programme, gold level', 300_000)],
    payments: [{ daysAgo: 30, amountMinor: 'all', reference: 'Bank transfer NW-104' }],
  },
  {
    organization: 'Partner Integrations',
    currency: 'USD',
    issuedDaysAgo: 8,
    termDays: 30,
    lines: [support('Training seats', 35_000, 0, 4)],
  },
  {
    organization: 'Basic Hosting',
    currency: 'EUR',
    issuedDaysAgo: 45,
    termDays: 30,
    lines: [support('vOneCloud basic subscription, 2 servers', 20_000, 2_100, 2)],
  },
];

const dayOffset = (today: Date, days: number) =>
  new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Writes the demo invoices directly, as history (no email goes out), through the same numbering counters
 * and under the same database rules as the API: issued after their lines, paid and credited after issue.
 */
export const seedDemoInvoices = async (tx: Executor, today = new Date()) => {
  const rows = await tx.select({ id: organizations.id, name: organizations.name }).from(organizations);
  const idOf = new Map(rows.map((row) => [row.name, row.id]));
  for (const demo of demoInvoices) {
    const organizationId = idOf.get(demo.organization);
    if (!organizationId) throw new Error(`No demo organization ${demo.organization}`);
    const totals = invoiceTotals(demo.lines);
    const issueDate = dayOffset(today, -demo.issuedDaysAgo);
    const [invoice] = await tx
      .insert(invoices)
      .values({
        organizationId,
        currency: demo.currency,
        subtotalMinor: totals.subtotalMinor,
        taxMinor: totals.taxMinor,
        totalMinor: totals.totalMinor,
      })
      .returning({ id: invoices.id });
    if (!invoice) throw new Error('demo invoice not created');
    await tx.insert(invoiceLines).values(
      demo.lines.map((line, index) => ({
        invoiceId: invoice.id,
        organizationId,
        position: index + 1,
        description: line.description,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        taxRateBasisPoints: line.taxRateBasisPoints,
        netMinor: totals.lines[index]?.netMinor ?? 0,
        taxMinor: totals.lines[index]?.taxMinor ?? 0,
      })),
    );
    const number = await takeNumber(tx, 'INV', Number(issueDate.slice(0, 4)));
    await tx
      .update(invoices)
      .set({
        documentStatus: 'issued',
        numberYear: Number(issueDate.slice(0, 4)),
        number,
        issueDate,
        dueDate: dayOffset(today, demo.termDays - demo.issuedDaysAgo),
        billToName: demo.organization,
        issuedAt: new Date(`${issueDate}T09:00:00Z`),
      })
      .where(eq(invoices.id, invoice.id));
    for (const payment of demo.payments ?? []) {
      await tx.insert(invoicePayments).values({
        invoiceId: invoice.id,
        organizationId,
        currency: demo.currency,
        amountMinor: payment.amountMinor === 'all' ? totals.totalMinor : payment.amountMinor,
        method: payment.reference.startsWith('Purchase order') ? 'purchase_order' : 'bank_transfer',
        reference: payment.reference,
        receivedOn: dayOffset(today, -payment.daysAgo),
      });
    }
    if (demo.creditNote) {
      const creditDate = dayOffset(today, -demo.creditNote.daysAgo);
      const [note] = await tx
        .insert(creditNotes)
        .values({
          organizationId,
          invoiceId: invoice.id,
          currency: demo.currency,
          numberYear: Number(creditDate.slice(0, 4)),
          number: await takeNumber(tx, 'CN', Number(creditDate.slice(0, 4))),
          issueDate: creditDate,
          amountMinor: demo.creditNote.amountMinor,
          reason: demo.creditNote.reason,
        })
        .returning({ id: creditNotes.id });
      if (!note) throw new Error('demo credit note not created');
      await tx.insert(creditApplications).values({
        organizationId,
        creditNoteId: note.id,
        invoiceId: invoice.id,
        currency: demo.currency,
        amountMinor: demo.creditNote.amountMinor,
        appliedOn: creditDate,
      });
    }
  }
};
