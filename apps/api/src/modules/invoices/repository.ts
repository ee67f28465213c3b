import {
  type Currency,
  type InvoiceLineInput,
  invoiceTotals,
  type PaymentMethod,
  remainingDueMinor,
} from '@portals/domain';
import { and, eq, sql } from 'drizzle-orm';
import {
  invoiceLines,
  invoiceNumberCounters,
  invoicePayments,
  invoices,
  organizations,
} from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';
import { AppError } from '../../lib/app-error';

/**
 * Invoices as the books keep them (docs/decisions/029-invoice-storage.md). Every figure is computed by
 * the domain's money module; the database re-checks what it can (net = quantity × price, subtotal + tax =
 * total, an issued invoice unchanged, no payment past the total) beneath these functions.
 */

export interface DraftLine extends InvoiceLineInput {
  description: string;
  productId?: string | null;
}

/** A new draft with its lines and totals: visible to staff only, moving no balance. */
export const insertDraftInvoice = async (
  tx: ScopedExecutor,
  draft: { organizationId: string; currency: Currency; lines: readonly DraftLine[]; createdByUserId: string },
): Promise<{ id: string; totalMinor: number }> => {
  const totals = invoiceTotals(draft.lines);
  const [invoice] = await tx
    .insert(invoices)
    .values({
      organizationId: draft.organizationId,
      currency: draft.currency,
      subtotalMinor: totals.subtotalMinor,
      taxMinor: totals.taxMinor,
      totalMinor: totals.totalMinor,
      createdByUserId: draft.createdByUserId,
    })
    .returning({ id: invoices.id, totalMinor: invoices.totalMinor });
  if (!invoice) throw new Error('invoice not inserted');
  if (draft.lines.length > 0) {
    await tx.insert(invoiceLines).values(
      draft.lines.map((line, index) => ({
        invoiceId: invoice.id,
        organizationId: draft.organizationId,
        position: index + 1,
        productId: line.productId ?? null,
        description: line.description,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        taxRateBasisPoints: line.taxRateBasisPoints,
        netMinor: totals.lines[index]?.netMinor ?? 0,
        taxMinor: totals.lines[index]?.taxMinor ?? 0,
      })),
    );
  }
  return invoice;
};

const lockInvoice = async (tx: ScopedExecutor, invoiceId: string) => {
  const [invoice] = await tx
    .select({
      id: invoices.id,
      organizationId: invoices.organizationId,
      documentStatus: invoices.documentStatus,
      currency: invoices.currency,
      series: invoices.series,
      totalMinor: invoices.totalMinor,
    })
    .from(invoices)
    .where(eq(invoices.id, invoiceId))
    .for('update');
  if (!invoice) throw new AppError('not_found', 'The invoice was not found');
  return invoice;
};

/**
 * Issues a draft: the next number of its series in the issue date's year, taken in this transaction
 * (the counter's row lock makes concurrent issuers take turns, and a rollback gives the number back, so
 * numbers have no gaps), and the customer's name as it is now, printed on the document for good.
 */
export const issueInvoice = async (
  tx: ScopedExecutor,
  input: { invoiceId: string; issueDate: string; dueDate: string; issuedAt?: Date },
): Promise<{ series: string; year: number; number: number }> => {
  const invoice = await lockInvoice(tx, input.invoiceId);
  if (invoice.documentStatus !== 'draft') {
    throw new AppError(
      'invalid_transition',
      `The invoice is already ${invoice.documentStatus}: only a draft is issued`,
    );
  }
  if (input.dueDate < input.issueDate) {
    throw new AppError('validation_failed', 'The due date comes before the issue date', [
      { path: 'dueDate', message: 'must be on or after the issue date' },
    ]);
  }
  const [lineCount] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoice.id));
  if (!lineCount?.count)
    throw new AppError('invalid_transition', 'An invoice without lines cannot be issued');
  const year = Number(input.issueDate.slice(0, 4));
  const [counter] = await tx
    .insert(invoiceNumberCounters)
    .values({ series: invoice.series, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [invoiceNumberCounters.series, invoiceNumberCounters.year],
      set: { lastNumber: sql`${invoiceNumberCounters.lastNumber} + 1` },
    })
    .returning({ number: invoiceNumberCounters.lastNumber });
  if (!counter) throw new Error('no invoice number taken');
  const [customer] = await tx
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, invoice.organizationId));
  await tx
    .update(invoices)
    .set({
      documentStatus: 'issued',
      numberYear: year,
      number: counter.number,
      issueDate: input.issueDate,
      dueDate: input.dueDate,
      billToName: customer?.name ?? '',
      issuedAt: input.issuedAt ?? new Date(),
      updatedAt: sql`now()`,
    })
    .where(eq(invoices.id, invoice.id));
  return { series: invoice.series, year, number: counter.number };
};

/** Voids an issued invoice, with the reason kept; a void invoice asks for nothing and changes no more. */
export const voidInvoice = async (tx: ScopedExecutor, input: { invoiceId: string; reason: string }) => {
  const invoice = await lockInvoice(tx, input.invoiceId);
  if (invoice.documentStatus !== 'issued') {
    throw new AppError(
      'invalid_transition',
      invoice.documentStatus === 'void'
        ? 'The invoice is already void'
        : 'A draft is not voided: delete it or issue it first',
    );
  }
  const [paid] = await tx
    .select({ sum: sql<string>`coalesce(sum(${invoicePayments.amountMinor}), 0)::text` })
    .from(invoicePayments)
    .where(eq(invoicePayments.invoiceId, invoice.id));
  if (Number(paid?.sum ?? 0) > 0) {
    throw new AppError(
      'invalid_transition',
      'The invoice has payments: correct it with a credit note instead',
    );
  }
  await tx
    .update(invoices)
    .set({ documentStatus: 'void', voidReason: input.reason, voidedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(invoices.id, invoice.id), eq(invoices.documentStatus, 'issued')));
};

/**
 * Records a payment received offline. The invoice's row lock (taken here, and again by the database's
 * own check) makes concurrent payments take turns, so together they never pay beyond the total.
 */
export const recordPayment = async (
  tx: ScopedExecutor,
  input: {
    invoiceId: string;
    amountMinor: number;
    method: PaymentMethod;
    reference: string;
    receivedOn: string;
    recordedByUserId: string;
  },
): Promise<{ id: string; remainingMinor: number }> => {
  const invoice = await lockInvoice(tx, input.invoiceId);
  if (invoice.documentStatus !== 'issued') {
    throw new AppError(
      'invalid_transition',
      `The invoice is ${invoice.documentStatus}: only an issued invoice is paid`,
    );
  }
  const [paid] = await tx
    .select({ sum: sql<string>`coalesce(sum(${invoicePayments.amountMinor}), 0)::text` })
    .from(invoicePayments)
    .where(eq(invoicePayments.invoiceId, invoice.id));
  const facts = {
    totalMinor: invoice.totalMinor,
    paidMinor: Number(paid?.sum ?? 0),
    creditedMinor: 0,
    uncollectible: false,
  };
  const remaining = remainingDueMinor(facts);
  if (input.amountMinor > remaining) {
    throw new AppError(
      'invalid_transition',
      `The payment is more than the invoice still asks for (${remaining} minor units remain)`,
    );
  }
  const [payment] = await tx
    .insert(invoicePayments)
    .values({
      invoiceId: invoice.id,
      organizationId: invoice.organizationId,
      currency: invoice.currency,
      amountMinor: input.amountMinor,
      method: input.method,
      reference: input.reference,
      receivedOn: input.receivedOn,
      recordedByUserId: input.recordedByUserId,
    })
    .returning({ id: invoicePayments.id });
  if (!payment) throw new Error('payment not inserted');
  return { id: payment.id, remainingMinor: remaining - input.amountMinor };
};
