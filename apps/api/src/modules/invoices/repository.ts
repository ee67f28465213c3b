import {
  type Currency,
  type InvoiceDocumentStatus,
  type InvoiceLineInput,
  invoiceTotals,
  type LedgerEntryKind,
  type PaymentMethod,
  type PaymentStatus,
  remainingDueMinor,
  type StatementRow,
} from '@portals/domain';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import {
  accountStatements,
  creditApplications,
  creditNotes,
  creditRefunds,
  invoiceLines,
  invoicePayments,
  invoices,
  organizations,
} from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { takeNumber } from './numbering';

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

/** What has been paid on an invoice, and what credit notes have set against it. */
const settledOf = async (tx: ScopedExecutor, invoiceId: string) => {
  const { rows } = await tx.execute<{ paid: string; credited: string }>(sql`
    select coalesce((select sum(amount_minor) from invoice_payments where invoice_id = ${invoiceId}::uuid), 0)::text as paid,
      coalesce((select sum(amount_minor) from credit_applications where invoice_id = ${invoiceId}::uuid), 0)::text as credited`);
  return { paidMinor: Number(rows[0]?.paid ?? 0), creditedMinor: Number(rows[0]?.credited ?? 0) };
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
  const counter = { number: await takeNumber(tx, invoice.series, year) };
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
  const settled = await settledOf(tx, invoice.id);
  if (settled.paidMinor + settled.creditedMinor > 0) {
    throw new AppError(
      'invalid_transition',
      'The invoice has payments or credit set against it: correct it with a credit note instead',
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
  const remaining = remainingDueMinor({
    ...(await settledOf(tx, invoice.id)),
    totalMinor: invoice.totalMinor,
    uncollectible: false,
  });
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

// Reading.

export interface InvoiceFilter {
  /** Contacts: their own organization (row-level security says the same). Staff: one, or all when left out. */
  organizationId?: string | undefined;
  /** Contacts never see drafts, whatever they ask. */
  includeDrafts: boolean;
  documentStatus?: InvoiceDocumentStatus | undefined;
  paymentStatus?: PaymentStatus | undefined;
  overdue?: boolean | undefined;
  currency?: Currency | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** The vendor's today (YYYY-MM-DD), against which overdue is read. */
  today: string;
}

/**
 * An invoice's figures and derived states as columns of the query `balanced` (the same rules as the
 * domain's `paymentStatusOf` and `isOverdue`, which the API applies to each row it returns; the filters
 * read these, and the API tests check both agree). What is paid and credited are the invoice's own
 * columns, kept by the database as each payment and credit application is recorded (migration 0025), and
 * it is listed by `listed_on`, the first columns after the organization of an index: a page reads a page.
 */
const balanced = (
  today: string,
  only: { organizationId?: string | undefined; invoiceId?: string } = {},
  { named = true }: { named?: boolean } = {},
) => {
  const { organizationId, invoiceId } = only;
  return sql`(
  select i.*, ${named ? sql`o.name` : sql`null::text`} as organization_name,
    case when i.document_status = 'issued' then greatest(i.total_minor - i.paid_minor - i.credited_minor, 0) else 0 end
      as remaining_minor,
    case
      when i.document_status <> 'issued' then null
      when i.total_minor - i.paid_minor - i.credited_minor <= 0 then 'paid'
      when i.uncollectible then 'uncollectible'
      when i.paid_minor + i.credited_minor > 0 then 'partially_paid'
      else 'unpaid'
    end as payment_status,
    (i.document_status = 'issued' and not i.uncollectible and i.total_minor - i.paid_minor - i.credited_minor > 0
      and i.due_date < ${today}::date) as overdue,
    i.listed_on as sort_date
  from invoices i
  ${named ? sql`join organizations o on o.id = i.organization_id` : sql``}
  ${
    invoiceId
      ? sql`where i.id = ${invoiceId}::uuid`
      : organizationId
        ? sql`where i.organization_id = ${organizationId}::uuid`
        : sql``
  }
)`;
};

const filterConditions = (filter: InvoiceFilter): SQL[] => [
  ...(filter.organizationId ? [sql`v.organization_id = ${filter.organizationId}::uuid`] : []),
  ...(filter.includeDrafts ? [] : [sql`v.document_status <> 'draft'`]),
  ...(filter.documentStatus ? [sql`v.document_status = ${filter.documentStatus}`] : []),
  ...(filter.paymentStatus ? [sql`v.payment_status = ${filter.paymentStatus}`] : []),
  ...(filter.overdue === undefined ? [] : [sql`v.overdue = ${filter.overdue}`]),
  ...(filter.currency ? [sql`v.currency = ${filter.currency}`] : []),
  ...(filter.from ? [sql`v.issue_date >= ${filter.from}::date`] : []),
  ...(filter.to ? [sql`v.issue_date <= ${filter.to}::date`] : []),
];

export type InvoiceRow = {
  id: string;
  organization_id: string;
  organization_name: string;
  document_status: InvoiceDocumentStatus;
  currency: Currency;
  series: string;
  number_year: number | null;
  number: number | null;
  issue_date: string | null;
  due_date: string | null;
  bill_to_name: string | null;
  subtotal_minor: string;
  tax_minor: string;
  total_minor: string;
  tax_rounding: string;
  uncollectible: boolean;
  void_reason: string | null;
  paid_minor: string;
  credited_minor: string;
  remaining_minor: string;
  payment_status: PaymentStatus | null;
  overdue: boolean;
  sort_date: string;
};

/**
 * A page of invoices, latest first (drafts by the day they were made), and a keyset to go on from: the
 * page is cut from the invoices alone, in the order of their index, and only its rows are named. Sent at
 * once (`execute()`), so it can go in a batch of reads. (The name is read per row of the page, by its key:
 * as a join, the planner's estimate of one row under row-level security chose to scan every organization.)
 */
export const listInvoices = async (
  tx: ScopedExecutor,
  filter: InvoiceFilter,
  page: { after?: { date: string; id: string } | undefined; limit: number },
): Promise<InvoiceRow[]> => {
  const conditions = filterConditions(filter);
  if (page.after)
    conditions.push(sql`(v.sort_date, v.id) < (${page.after.date}::date, ${page.after.id}::uuid)`);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await tx
    .execute<InvoiceRow>(sql`
    select v.*, (select o.name from organizations o where o.id = v.organization_id) as organization_name,
      v.issue_date::text as issue_date, v.due_date::text as due_date,
      v.sort_date::text as sort_date, v.subtotal_minor::text as subtotal_minor, v.tax_minor::text as tax_minor,
      v.total_minor::text as total_minor, v.paid_minor::text as paid_minor,
      v.credited_minor::text as credited_minor, v.remaining_minor::text as remaining_minor
    from (
      select v.* from ${balanced(filter.today, { organizationId: filter.organizationId }, { named: false })} v ${where}
      order by v.sort_date desc, v.id desc
      limit ${page.limit}
    ) v
    order by v.sort_date desc, v.id desc`)
    .execute();
  return result.rows;
};

/**
 * A planner hint for the statements that follow in the same batch (docs/decisions/030): `byIndexOrder`
 * walks an index in its order and stops at the page, rather than fetch every matching row, sort them and
 * keep the page. Under row-level security PostgreSQL estimates a page's query at one row whatever the
 * organization holds, and so fetched and sorted all of a large customer's invoices (1.3 ms for 1,000)
 * instead of reading 26 entries (0.3 ms). Set for the list alone (`set_config(…, true)` ends with the
 * batch's transaction; the list's plan is made once per connection with it), and undone before the totals,
 * which it would slow down.
 */
export const planByIndexOrder = (tx: ScopedExecutor, byIndexOrder: boolean) => {
  const setting = byIndexOrder ? 'off' : 'on';
  return tx
    .execute(
      sql`select set_config('enable_sort', ${setting}, true), set_config('enable_bitmapscan', ${setting}, true)`,
    )
    .execute();
};

/**
 * What the matching invoices still ask for, and the overdue part, per currency (every page; a currency
 * with nothing left to pay has no row). Sent at once (`execute()`), so it can go in a batch of reads.
 */
export const invoiceTotalsByCurrency = async (tx: ScopedExecutor, filter: InvoiceFilter) => {
  const conditions = [
    ...filterConditions(filter),
    // Only what is open: the terms of the partial index `invoices_open_idx`.
    sql`v.document_status = 'issued'`,
    sql`v.total_minor > v.paid_minor + v.credited_minor`,
  ];
  const result = await tx
    .execute<{ currency: Currency; due_minor: string; overdue_minor: string }>(sql`
    select v.currency, sum(v.remaining_minor)::text as due_minor,
      coalesce(sum(v.remaining_minor) filter (where v.overdue), 0)::text as overdue_minor
    from ${balanced(filter.today, { organizationId: filter.organizationId }, { named: false })} v
    where ${sql.join(conditions, sql` and `)}
    group by v.currency order by v.currency`)
    .execute();
  return result.rows;
};

export const findInvoice = async (tx: ScopedExecutor, invoiceId: string, today: string) => {
  const [row] = (
    await tx.execute<InvoiceRow>(sql`
      select v.*, v.issue_date::text as issue_date, v.due_date::text as due_date, v.sort_date::text as sort_date,
        v.subtotal_minor::text as subtotal_minor, v.tax_minor::text as tax_minor, v.total_minor::text as total_minor,
        v.paid_minor::text as paid_minor, v.credited_minor::text as credited_minor, v.remaining_minor::text as remaining_minor
      from ${balanced(today, { invoiceId })} v where v.id = ${invoiceId}::uuid`)
  ).rows;
  if (!row) return undefined;
  const lines = await tx
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId))
    .orderBy(invoiceLines.position);
  const payments = await tx
    .select()
    .from(invoicePayments)
    .where(eq(invoicePayments.invoiceId, invoiceId))
    .orderBy(invoicePayments.receivedOn, invoicePayments.recordedAt);
  return { row, lines, payments };
};

/** Replaces a draft's currency, lines and totals (the database refuses it once issued). */
export const replaceDraft = async (
  tx: ScopedExecutor,
  invoiceId: string,
  draft: { currency: Currency; lines: readonly DraftLine[] },
) => {
  const invoice = await lockInvoice(tx, invoiceId);
  if (invoice.documentStatus !== 'draft') {
    throw new AppError(
      'invalid_transition',
      `The invoice is ${invoice.documentStatus}: only a draft is edited`,
    );
  }
  const totals = invoiceTotals(draft.lines);
  await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
  await tx
    .update(invoices)
    .set({
      currency: draft.currency,
      subtotalMinor: totals.subtotalMinor,
      taxMinor: totals.taxMinor,
      totalMinor: totals.totalMinor,
      updatedAt: sql`now()`,
    })
    .where(eq(invoices.id, invoiceId));
  await tx.insert(invoiceLines).values(
    draft.lines.map((line, index) => ({
      invoiceId,
      organizationId: invoice.organizationId,
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
  return invoice.organizationId;
};

export const deleteDraft = async (tx: ScopedExecutor, invoiceId: string) => {
  const invoice = await lockInvoice(tx, invoiceId);
  if (invoice.documentStatus !== 'draft') {
    throw new AppError('invalid_transition', `The invoice is ${invoice.documentStatus}: void it instead`);
  }
  await tx.delete(invoices).where(eq(invoices.id, invoiceId));
  return invoice.organizationId;
};

// Statements.

export interface LedgerRow {
  kind: LedgerEntryKind;
  date: string;
  amountMinor: number;
  reference: string;
}

/**
 * An organization's movements in one currency up to `to`: each issued invoice (a void one asks for
 * nothing and is left out) on its issue date, each payment on the day it was received, each credit note
 * on its issue date and each refund of credit on its day; by date, then invoices, payments, credit notes
 * and refunds, then in the order they were recorded. Credit set against an invoice moves no balance: the
 * credit note already did.
 */
export const listLedger = async (
  tx: ScopedExecutor,
  input: { organizationId: string; currency: Currency; to: string },
): Promise<LedgerRow[]> => {
  const { rows } = await tx.execute<{
    kind: 'invoice' | 'payment';
    date: string;
    amount: string;
    reference: string;
  }>(sql`
    select kind, date::text as date, amount::text as amount, reference from (
      select 'invoice' as kind, 0 as kind_order, i.issue_date as date, i.total_minor as amount,
        i.series || '-' || i.number_year || '-' || lpad(i.number::text, 4, '0') as reference, i.issued_at as recorded_at
      from invoices i
      where i.organization_id = ${input.organizationId}::uuid and i.currency = ${input.currency}
        and i.document_status = 'issued' and i.issue_date <= ${input.to}::date
      union all
      select 'payment', 1, p.received_on, p.amount_minor, p.reference, p.recorded_at
      from invoice_payments p join invoices i on i.id = p.invoice_id
      where p.organization_id = ${input.organizationId}::uuid and p.currency = ${input.currency}
        and i.document_status = 'issued' and p.received_on <= ${input.to}::date
      union all
      select 'credit_note', 2, n.issue_date, n.amount_minor,
        n.series || '-' || n.number_year || '-' || lpad(n.number::text, 4, '0'), n.issued_at
      from credit_notes n
      where n.organization_id = ${input.organizationId}::uuid and n.currency = ${input.currency}
        and n.issue_date <= ${input.to}::date
      union all
      select 'refund', 3, r.refunded_on, r.amount_minor, r.reference, r.recorded_at
      from credit_refunds r
      where r.organization_id = ${input.organizationId}::uuid and r.currency = ${input.currency}
        and r.refunded_on <= ${input.to}::date
    ) ledger
    order by date, kind_order, recorded_at, reference`);
  return rows.map((row) => ({
    kind: row.kind,
    date: row.date,
    amountMinor: Number(row.amount),
    reference: row.reference,
  }));
};

/** What each issued invoice still asked for at the end of `to` (payments received by then), and its due date. */
export const listOpenItemsAt = async (
  tx: ScopedExecutor,
  input: { organizationId: string; currency: Currency; to: string },
) => {
  const { rows } = await tx.execute<{ due_date: string; remaining: string }>(sql`
    select i.due_date::text as due_date,
      (i.total_minor - coalesce((select sum(p.amount_minor) from invoice_payments p
        where p.invoice_id = i.id and p.received_on <= ${input.to}::date), 0)
        - coalesce((select sum(a.amount_minor) from credit_applications a
        where a.invoice_id = i.id and a.applied_on <= ${input.to}::date), 0))::text as remaining
    from invoices i
    where i.organization_id = ${input.organizationId}::uuid and i.currency = ${input.currency}
      and i.document_status = 'issued' and not i.uncollectible and i.issue_date <= ${input.to}::date`);
  return rows
    .map((row) => ({ dueDate: row.due_date, remainingMinor: Number(row.remaining) }))
    .filter((item) => item.remainingMinor > 0);
};

/** Keeps a generated statement and its rows (sent as one array per column: one statement for any number). */
export const insertStatement = async (
  tx: ScopedExecutor,
  values: typeof accountStatements.$inferInsert,
  rows: readonly StatementRow[],
) => {
  const [row] = await tx.insert(accountStatements).values(values).returning({ id: accountStatements.id });
  if (!row) throw new Error('statement not inserted');
  if (rows.length > 0) {
    await tx.execute(sql`
      insert into account_statement_rows
        (statement_id, organization_id, position, entry_date, kind, reference, debit_minor, credit_minor, balance_minor)
      select ${row.id}::uuid, ${values.organizationId}::uuid, r.position, r.entry_date, r.kind, r.reference,
        r.debit_minor, r.credit_minor, r.balance_minor
      from unnest(${sql.param(rows.map((_, index) => index + 1))}::int[], ${sql.param(rows.map((entry) => entry.date))}::date[],
        ${sql.param(rows.map((entry) => entry.kind))}::text[], ${sql.param(rows.map((entry) => entry.reference))}::text[],
        ${sql.param(rows.map((entry) => String(entry.debitMinor)))}::bigint[],
        ${sql.param(rows.map((entry) => String(entry.creditMinor)))}::bigint[],
        ${sql.param(rows.map((entry) => String(entry.balanceMinor)))}::bigint[])
        as r(position, entry_date, kind, reference, debit_minor, credit_minor, balance_minor)`);
  }
  return row;
};

/**
 * A statement as kept, with the rows of `window` (all of them without one) and how many it holds in all:
 * the page is a range of the rows' key, read in the same statement.
 */
export const findStatement = async (
  tx: ScopedExecutor,
  statementId: string,
  window?: { offset: number; limit: number },
) => {
  const range = window
    ? sql`and r.position > ${window.offset} and r.position <= ${window.offset + window.limit}`
    : sql``;
  const rows = sql<
    StatementRow[]
  >`(select coalesce(json_agg(json_build_object('date', r.entry_date, 'kind', r.kind,
      'reference', r.reference, 'debitMinor', r.debit_minor, 'creditMinor', r.credit_minor,
      'balanceMinor', r.balance_minor) order by r.position), '[]'::json)
    from account_statement_rows r where r.statement_id = ${accountStatements.id} ${range})`;
  const [row] = await tx
    .select({
      id: accountStatements.id,
      organizationId: accountStatements.organizationId,
      organizationName: accountStatements.organizationName,
      currency: accountStatements.currency,
      periodFrom: accountStatements.periodFrom,
      periodTo: accountStatements.periodTo,
      generatedAt: accountStatements.generatedAt,
      openingMinor: accountStatements.openingMinor,
      closingMinor: accountStatements.closingMinor,
      rowCount: accountStatements.rowCount,
      rows,
      aging: accountStatements.aging,
    })
    .from(accountStatements)
    .where(eq(accountStatements.id, statementId))
    .execute();
  return row;
};

/** A statement's kept CSV or PDF, with what names its file. */
export const findStatementDownload = async (
  tx: ScopedExecutor,
  statementId: string,
  format: 'csv' | 'pdf',
) => {
  const [row] = await tx
    .select({
      currency: accountStatements.currency,
      periodFrom: accountStatements.periodFrom,
      periodTo: accountStatements.periodTo,
      ...(format === 'csv'
        ? { text: accountStatements.csv, gzipped: accountStatements.csvGzip }
        : { pdf: accountStatements.pdf }),
    })
    .from(accountStatements)
    .where(eq(accountStatements.id, statementId))
    .execute();
  return row;
};

/** Statements, latest generated first, with a keyset to go on from. */
export const listStatements = (
  tx: ScopedExecutor,
  input: {
    organizationId?: string | undefined;
    after?: { at: string; id: string } | undefined;
    limit: number;
  },
) =>
  tx
    .select({
      id: accountStatements.id,
      organizationId: accountStatements.organizationId,
      organizationName: accountStatements.organizationName,
      currency: accountStatements.currency,
      periodFrom: accountStatements.periodFrom,
      periodTo: accountStatements.periodTo,
      generatedAt: accountStatements.generatedAt,
      openingMinor: accountStatements.openingMinor,
      closingMinor: accountStatements.closingMinor,
    })
    .from(accountStatements)
    .where(
      and(
        ...(input.organizationId ? [eq(accountStatements.organizationId, input.organizationId)] : []),
        ...(input.after
          ? [
              sql`(${accountStatements.generatedAt}, ${accountStatements.id}) < (${input.after.at}::timestamptz, ${input.after.id}::uuid)`,
            ]
          : []),
      ),
    )
    .orderBy(desc(accountStatements.generatedAt), desc(accountStatements.id))
    .limit(input.limit);

// Credit.

/** Waits for, then holds until commit, the right to move an organization's account credit in a currency. */
const lockAccountCredit = (tx: ScopedExecutor, organizationId: string, currency: string) =>
  tx.execute(sql`select app_lock_account_credit(${organizationId}::uuid, ${currency})`);

/** The account credit left: credit notes less what was set against invoices and refunded. */
export const accountCreditOf = async (tx: ScopedExecutor, organizationId: string, currency: string) => {
  const { rows } = await tx.execute<{ credit: string }>(
    sql`select app_account_credit(${organizationId}::uuid, ${currency})::text as credit`,
  );
  return Number(rows[0]?.credit ?? 0);
};

/** The account credit left in each currency that has some (the same sums as `app_account_credit`), in one query. */
export const accountCreditByCurrency = async (tx: ScopedExecutor, organizationId: string) => {
  const { rows } = await tx.execute<{ currency: Currency; credit: string }>(sql`
    select currency, sum(amount)::text as credit from (
      select currency, amount_minor as amount from credit_notes where organization_id = ${organizationId}::uuid
      union all
      select currency, -amount_minor from credit_applications where organization_id = ${organizationId}::uuid
      union all
      select currency, -amount_minor from credit_refunds where organization_id = ${organizationId}::uuid
    ) movements group by currency having sum(amount) > 0 order by currency`);
  return rows.map((row) => ({ currency: row.currency, creditMinor: Number(row.credit) }));
};

/**
 * Sets the organization's account credit (oldest credit notes first) against what `invoiceId` still asks
 * for, as far as both go; the caller holds the account credit lock. Returns the amount set.
 */
const applyAccountCredit = async (
  tx: ScopedExecutor,
  invoice: { id: string; organizationId: string; currency: string; remainingMinor: number },
  appliedOn: string,
): Promise<number> => {
  if (invoice.remainingMinor <= 0) return 0;
  const { rows } = await tx.execute<{ id: string; left: string }>(sql`
    select n.id, (n.amount_minor - coalesce((select sum(a.amount_minor) from credit_applications a
      where a.credit_note_id = n.id), 0))::text as left
    from credit_notes n
    where n.organization_id = ${invoice.organizationId}::uuid and n.currency = ${invoice.currency}
    order by n.issued_at, n.id`);
  let wanted = invoice.remainingMinor;
  let poolLeft = await accountCreditOf(tx, invoice.organizationId, invoice.currency);
  let applied = 0;
  for (const note of rows) {
    const left = Math.min(Number(note.left), poolLeft);
    if (left <= 0 || wanted <= 0) continue;
    const amount = Math.min(left, wanted);
    await tx.insert(creditApplications).values({
      organizationId: invoice.organizationId,
      creditNoteId: note.id,
      invoiceId: invoice.id,
      currency: invoice.currency,
      amountMinor: amount,
      appliedOn,
    });
    wanted -= amount;
    poolLeft -= amount;
    applied += amount;
  }
  return applied;
};

/** After issuing: the organization's account credit in the currency pays what it can of the new invoice. */
export const consumeAccountCredit = async (tx: ScopedExecutor, invoiceId: string, appliedOn: string) => {
  const invoice = await lockInvoice(tx, invoiceId);
  await lockAccountCredit(tx, invoice.organizationId, invoice.currency);
  const settled = await settledOf(tx, invoiceId);
  return applyAccountCredit(
    tx,
    {
      ...invoice,
      remainingMinor: remainingDueMinor({ ...settled, totalMinor: invoice.totalMinor, uncollectible: false }),
    },
    appliedOn,
  );
};

/**
 * Issues a credit note against an issued invoice, numbered in the CN series: never more than the invoice
 * was issued for, less what earlier credit notes credited. It goes first to what the invoice still asks
 * for; what is left becomes account credit.
 */
export const issueCreditNote = async (
  tx: ScopedExecutor,
  input: {
    invoiceId: string;
    amountMinor: number;
    reason: string;
    issueDate: string;
    issuedByUserId: string;
  },
) => {
  const invoice = await lockInvoice(tx, input.invoiceId);
  if (invoice.documentStatus !== 'issued') {
    throw new AppError(
      'invalid_transition',
      `The invoice is ${invoice.documentStatus}: only an issued invoice is credited`,
    );
  }
  await lockAccountCredit(tx, invoice.organizationId, invoice.currency);
  const [credited] = await tx
    .select({ sum: sql<string>`coalesce(sum(${creditNotes.amountMinor}), 0)::text` })
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, invoice.id));
  const creditable = invoice.totalMinor - Number(credited?.sum ?? 0);
  if (input.amountMinor > creditable) {
    throw new AppError(
      'invalid_transition',
      `The credit is more than remains creditable on the invoice (${creditable} minor units)`,
    );
  }
  const year = Number(input.issueDate.slice(0, 4));
  const number = await takeNumber(tx, 'CN', year);
  const [note] = await tx
    .insert(creditNotes)
    .values({
      organizationId: invoice.organizationId,
      invoiceId: invoice.id,
      currency: invoice.currency,
      series: 'CN',
      numberYear: year,
      number,
      issueDate: input.issueDate,
      amountMinor: input.amountMinor,
      reason: input.reason,
      issuedByUserId: input.issuedByUserId,
    })
    .returning({ id: creditNotes.id });
  if (!note) throw new Error('credit note not inserted');
  const settled = await settledOf(tx, invoice.id);
  const remaining = remainingDueMinor({ ...settled, totalMinor: invoice.totalMinor, uncollectible: false });
  const appliedMinor = Math.min(remaining, input.amountMinor);
  if (appliedMinor > 0) {
    await tx.insert(creditApplications).values({
      organizationId: invoice.organizationId,
      creditNoteId: note.id,
      invoiceId: invoice.id,
      currency: invoice.currency,
      amountMinor: appliedMinor,
      appliedOn: input.issueDate,
    });
  }
  return {
    id: note.id,
    number: { series: 'CN', year, number },
    organizationId: invoice.organizationId,
    currency: invoice.currency,
    appliedMinor,
    accountCreditMinor: input.amountMinor - appliedMinor,
  };
};

/** Pays account credit back: never more than is left. */
export const recordRefund = async (
  tx: ScopedExecutor,
  input: {
    organizationId: string;
    currency: Currency;
    amountMinor: number;
    reference: string;
    refundedOn: string;
    recordedByUserId: string;
  },
) => {
  await lockAccountCredit(tx, input.organizationId, input.currency);
  const available = await accountCreditOf(tx, input.organizationId, input.currency);
  if (input.amountMinor > available) {
    throw new AppError(
      'invalid_transition',
      `The refund is more than the account credit left (${available} minor units in ${input.currency})`,
    );
  }
  const [refund] = await tx.insert(creditRefunds).values(input).returning({ id: creditRefunds.id });
  if (!refund) throw new Error('refund not inserted');
  return { id: refund.id, accountCreditMinor: available - input.amountMinor };
};

/** The credit notes issued against an invoice, and the credit set against it (from any credit note). */
export const findInvoiceCredits = async (tx: ScopedExecutor, invoiceId: string) => {
  const notes = await tx
    .select()
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, invoiceId))
    .orderBy(creditNotes.issuedAt);
  const { rows: applications } = await tx.execute<{
    amount: string;
    applied_on: string;
    series: string;
    number_year: number;
    number: number;
  }>(sql`
    select a.amount_minor::text as amount, a.applied_on::text as applied_on, n.series, n.number_year, n.number
    from credit_applications a join credit_notes n on n.id = a.credit_note_id
    where a.invoice_id = ${invoiceId}::uuid order by a.applied_at, a.id`);
  return { notes, applications };
};

/** Every issued invoice still asking for something today (not written off), with its organization. */
export const listOpenInvoices = async (tx: ScopedExecutor, currency: Currency | undefined) => {
  const { rows } = await tx.execute<{
    organization_id: string;
    organization_name: string;
    currency: Currency;
    due_date: string;
    remaining: string;
  }>(sql`
    select * from (
      select i.organization_id, o.name as organization_name, i.currency, i.due_date::text as due_date,
        (i.total_minor - i.paid_minor - i.credited_minor)::text as remaining
      from invoices i join organizations o on o.id = i.organization_id
      where i.document_status = 'issued' and not i.uncollectible
        ${currency ? sql`and i.currency = ${currency}` : sql``}
        and i.total_minor > i.paid_minor + i.credited_minor
    ) open
    order by organization_name, organization_id, currency, due_date`);
  return rows.map((row) => ({
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    currency: row.currency,
    dueDate: row.due_date,
    remainingMinor: Number(row.remaining),
  }));
};

/** Issued invoices past their due date with something still to pay (an organization's, or all), counted up to `upTo`. */
export const countOverdueInvoices = async (
  tx: ScopedExecutor,
  input: { organizationId?: string; today: string; upTo: number },
): Promise<number> => {
  const { rows } = await tx
    .execute<{ count: number }>(sql`
    select count(*)::int as count from (
      select 1 from invoices i
      where i.document_status = 'issued' and not i.uncollectible and i.due_date < ${input.today}::date
        ${input.organizationId ? sql`and i.organization_id = ${input.organizationId}::uuid` : sql``}
        and i.total_minor > i.paid_minor + i.credited_minor
      limit ${input.upTo}) overdue`)
    .execute();
  return rows[0]?.count ?? 0;
};
