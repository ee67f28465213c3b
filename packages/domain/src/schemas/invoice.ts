import { z } from 'zod';
import {
  AgingBucket,
  Currency,
  InvoiceDocumentStatus,
  LedgerEntryKind,
  MinorUnits,
  PaymentMethod,
  PaymentStatus,
  TaxRateBasisPoints,
  taxRoundingRule,
  toDecimalString,
} from '../money';
import { pageOf } from './pagination';

export const invoiceLimits = {
  linesMax: 200,
  descriptionMaxLength: 500,
  quantityMax: 1_000_000,
  referenceMaxLength: 200,
  voidReasonMaxLength: 1_000,
} as const;

const writtenText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be blank')
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

export const InvoiceLineRequest = z.object({
  description: writtenText(invoiceLimits.descriptionMaxLength),
  productId: z.uuid().nullable().default(null),
  quantity: z.number().int().min(1).max(invoiceLimits.quantityMax),
  /** In the invoice currency's minor units (cents for EUR, yen for JPY); negative for a discount. */
  unitPriceMinor: MinorUnits,
  taxRateBasisPoints: TaxRateBasisPoints,
});
export type InvoiceLineRequest = z.infer<typeof InvoiceLineRequest>;

export const InvoiceDraftRequest = z.object({
  organizationId: z.uuid(),
  currency: Currency,
  lines: z.array(InvoiceLineRequest).min(1, 'An invoice needs at least one line').max(invoiceLimits.linesMax),
});
export type InvoiceDraftRequest = z.infer<typeof InvoiceDraftRequest>;

/** A draft's new currency and lines, replacing the old ones whole. */
export const InvoiceDraftUpdate = InvoiceDraftRequest.omit({ organizationId: true });
export type InvoiceDraftUpdate = z.infer<typeof InvoiceDraftUpdate>;

export const InvoiceIssueRequest = z.object({
  /** Today (the vendor's calendar, UTC) when left out. */
  issueDate: z.iso.date().optional(),
  /** Thirty days after the issue date when left out. */
  dueDate: z.iso.date().optional(),
});
export type InvoiceIssueRequest = z.infer<typeof InvoiceIssueRequest>;

export const InvoiceVoidRequest = z.object({ reason: writtenText(invoiceLimits.voidReasonMaxLength) });
export type InvoiceVoidRequest = z.infer<typeof InvoiceVoidRequest>;

export const PaymentRequest = z.object({
  amountMinor: MinorUnits.refine((value) => value > 0, 'must be more than zero'),
  method: PaymentMethod,
  /** The bank transfer's, purchase order's or card payment's reference. */
  reference: writtenText(invoiceLimits.referenceMaxLength),
  receivedOn: z.iso.date(),
});
export type PaymentRequest = z.infer<typeof PaymentRequest>;

export const InvoiceParams = z.object({ invoiceId: z.uuid() });

export const InvoiceListQuery = z.object({
  /** Staff only: drafts are never shown to customers. */
  documentStatus: InvoiceDocumentStatus.optional(),
  paymentStatus: PaymentStatus.optional(),
  /** `true`: only what is past its due date and still asks for something. */
  overdue: z.enum(['true', 'false']).optional(),
  currency: Currency.optional(),
  /** Issued on or after this date. */
  from: z.iso.date().optional(),
  /** Issued on or before this date. */
  to: z.iso.date().optional(),
  /** Staff only: one organization's invoices. */
  organizationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(200).optional(),
});
export type InvoiceListQuery = z.infer<typeof InvoiceListQuery>;

export const InvoiceSummary = z.object({
  id: z.uuid(),
  /** "INV-2026-0042" once issued; null for a draft. */
  number: z.string().nullable(),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  documentStatus: InvoiceDocumentStatus,
  /** Null for a draft and a void invoice: they ask for nothing. */
  paymentStatus: PaymentStatus.nullable(),
  overdue: z.boolean(),
  currency: Currency,
  issueDate: z.iso.date().nullable(),
  dueDate: z.iso.date().nullable(),
  totalMinor: z.number().int(),
  paidMinor: z.number().int(),
  /** What credit notes have set against it. */
  creditedMinor: z.number().int(),
  remainingMinor: z.number().int(),
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

/** What the listed invoices of one currency still ask for, all pages together. */
export const InvoiceCurrencyTotal = z.object({
  currency: Currency,
  dueMinor: z.number().int(),
  overdueMinor: z.number().int(),
});
export type InvoiceCurrencyTotal = z.infer<typeof InvoiceCurrencyTotal>;

export const InvoicePage = pageOf(InvoiceSummary).extend({ totals: z.array(InvoiceCurrencyTotal) });
export type InvoicePage = z.infer<typeof InvoicePage>;

export const InvoiceLine = z.object({
  position: z.number().int(),
  description: z.string(),
  productId: z.uuid().nullable(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  taxRateBasisPoints: z.number().int(),
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const InvoiceTaxLine = z.object({
  rateBasisPoints: z.number().int(),
  taxableBaseMinor: z.number().int(),
  taxMinor: z.number().int(),
});
export type InvoiceTaxLine = z.infer<typeof InvoiceTaxLine>;

export const Payment = z.object({
  id: z.uuid(),
  amountMinor: z.number().int(),
  method: PaymentMethod,
  reference: z.string(),
  receivedOn: z.iso.date(),
});
export type Payment = z.infer<typeof Payment>;

export const CreditNote = z.object({
  id: z.uuid(),
  /** "CN-2026-0007". */
  number: z.string(),
  issueDate: z.iso.date(),
  amountMinor: z.number().int(),
  reason: z.string(),
});
export type CreditNote = z.infer<typeof CreditNote>;

export const CreditApplication = z.object({
  creditNoteNumber: z.string(),
  amountMinor: z.number().int(),
  appliedOn: z.iso.date(),
});
export type CreditApplication = z.infer<typeof CreditApplication>;

export const CreditNoteRequest = z.object({
  amountMinor: MinorUnits.refine((value) => value > 0, 'must be more than zero'),
  reason: writtenText(invoiceLimits.voidReasonMaxLength),
  /** Today (the vendor's calendar, UTC) when left out. */
  issueDate: z.iso.date().optional(),
});
export type CreditNoteRequest = z.infer<typeof CreditNoteRequest>;

export const RefundRequest = z.object({
  currency: Currency,
  amountMinor: MinorUnits.refine((value) => value > 0, 'must be more than zero'),
  reference: writtenText(invoiceLimits.referenceMaxLength),
  refundedOn: z.iso.date(),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const AccountCreditQuery = z.object({
  /** Staff only: whose account credit. */
  organizationId: z.uuid().optional(),
});

/** Account credit left per currency (currencies with none are left out). */
export const AccountCredit = z.object({
  organizationId: z.uuid(),
  items: z.array(z.object({ currency: Currency, creditMinor: z.number().int() })),
});
export type AccountCredit = z.infer<typeof AccountCredit>;

export const RefundRecorded = z.object({ id: z.uuid(), accountCredit: AccountCredit });
export type RefundRecorded = z.infer<typeof RefundRecorded>;

export const Invoice = InvoiceSummary.extend({
  /** The customer's name as printed on the issued document. */
  billToName: z.string().nullable(),
  lines: z.array(InvoiceLine),
  taxLines: z.array(InvoiceTaxLine),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  taxRounding: z.literal(taxRoundingRule),
  payments: z.array(Payment),
  /** Credit notes issued against this invoice. */
  creditNotes: z.array(CreditNote),
  /** Credit set against what this invoice asks for, from its own credit notes or the account's credit. */
  credits: z.array(CreditApplication),
  voidReason: z.string().nullable(),
});
export type Invoice = z.infer<typeof Invoice>;

/** "INV-2026-0042": the series, the year and the number, padded to four digits. */
export const formatInvoiceNumber = (series: string, year: number, number: number): string =>
  `${series}-${year}-${String(number).padStart(4, '0')}`;

// Account statements.

export const StatementRequest = z
  .object({
    currency: Currency,
    from: z.iso.date(),
    to: z.iso.date(),
    /** Staff only: whose statement; a contact's is always their own organization's. */
    organizationId: z.uuid().optional(),
  })
  .refine((request) => request.to >= request.from, { path: ['to'], message: 'must be on or after from' });
export type StatementRequest = z.infer<typeof StatementRequest>;

export const StatementParams = z.object({ statementId: z.uuid() });

export const StatementListQuery = z.object({
  /** Staff only: one organization's statements. */
  organizationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(200).optional(),
});
export type StatementListQuery = z.infer<typeof StatementListQuery>;

export const StatementRow = z.object({
  date: z.iso.date(),
  kind: LedgerEntryKind,
  /** The invoice's number, or the payment's reference. */
  reference: z.string(),
  debitMinor: z.number().int(),
  creditMinor: z.number().int(),
  balanceMinor: z.number().int(),
});
export type StatementRow = z.infer<typeof StatementRow>;

export const StatementAging = z.object({ bucket: AgingBucket, amountMinor: z.number().int() });
export type StatementAging = z.infer<typeof StatementAging>;

export const StatementSummary = z.object({
  id: z.uuid(),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  currency: Currency,
  from: z.iso.date(),
  to: z.iso.date(),
  generatedAt: z.iso.datetime({ offset: true }),
  openingMinor: z.number().int(),
  closingMinor: z.number().int(),
});
export type StatementSummary = z.infer<typeof StatementSummary>;

export const StatementPage = pageOf(StatementSummary);
export type StatementPage = z.infer<typeof StatementPage>;

/** Rows of a statement's page: a window of its rows (the CSV and the PDF hold them all). */
export const StatementRowsQuery = z.object({
  rowsOffset: z.coerce.number().int().min(0).default(0),
  rowsLimit: z.coerce.number().int().min(1).max(1_000).default(200),
});
export type StatementRowsQuery = z.infer<typeof StatementRowsQuery>;

export const Statement = StatementSummary.extend({
  /** How many rows the statement holds in all. */
  rowCount: z.number().int(),
  /** The rows asked for (all of them when generated; `rowsOffset`/`rowsLimit` on reading). */
  rows: z.array(StatementRow),
  /** What remained due at the period's end, by days past due. */
  aging: z.array(StatementAging),
});
export type Statement = z.infer<typeof Statement>;

export const ledgerKindLabels: Record<LedgerEntryKind, string> = {
  invoice: 'Invoice',
  payment: 'Payment',
  credit_note: 'Credit note',
  refund: 'Refund',
};

/** A CSV field (RFC 4180): quoted when it holds a quote, a comma or a line end. */
const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * People's text (a reference, a name) for a CSV field: one that starts like a formula (= + - @, a tab or
 * a carriage return) gets a leading apostrophe, so a spreadsheet shows it instead of running it.
 */
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** The statement as CSV: the opening balance, each row with its running balance, the closing balance, then the aging. */
export const statementCsv = (statement: Statement): string => {
  const amount = (minor: number) => toDecimalString(minor, statement.currency);
  const lines = [
    [
      'Date',
      'Type',
      'Reference',
      `Debit (${statement.currency})`,
      `Credit (${statement.currency})`,
      `Balance (${statement.currency})`,
    ],
    [statement.from, 'Opening balance', '', '', '', amount(statement.openingMinor)],
    ...statement.rows.map((row) => [
      row.date,
      ledgerKindLabels[row.kind],
      inert(row.reference),
      row.debitMinor ? amount(row.debitMinor) : '',
      row.creditMinor ? amount(row.creditMinor) : '',
      amount(row.balanceMinor),
    ]),
    [statement.to, 'Closing balance', '', '', '', amount(statement.closingMinor)],
    [],
    ['Aging at', statement.to],
    ...statement.aging.map((bucket) => [
      bucket.bucket === 'current' ? 'Not yet due' : `${bucket.bucket} days past due`,
      amount(bucket.amountMinor),
    ]),
  ];
  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
};

// Receivables: what every organization owes, for billing staff.

export const ReceivablesQuery = z.object({
  currency: Currency.optional(),
  /** `true`: only organizations with something overdue. */
  overdueOnly: z.enum(['true', 'false']).optional(),
});
export type ReceivablesQuery = z.infer<typeof ReceivablesQuery>;

export const ReceivableOrganization = z.object({
  organization: z.object({ id: z.uuid(), name: z.string() }),
  currency: Currency,
  dueMinor: z.number().int(),
  overdueMinor: z.number().int(),
  /** The due date of its oldest invoice still asking for something; null when none is overdue. */
  oldestOverdueDate: z.iso.date().nullable(),
  aging: z.array(StatementAging),
});
export type ReceivableOrganization = z.infer<typeof ReceivableOrganization>;

export const Receivables = z.object({
  asOf: z.iso.date(),
  /** Per currency, over every organization. */
  totals: z.array(
    z.object({ currency: Currency, dueMinor: z.number().int(), aging: z.array(StatementAging) }),
  ),
  /** Most overdue first. */
  organizations: z.array(ReceivableOrganization),
});
export type Receivables = z.infer<typeof Receivables>;

/** The receivables as CSV: one line per organization and currency, amounts as exact decimals. */
export const receivablesCsv = (receivables: Receivables): string => {
  const lines = [
    [
      'Organization',
      'Currency',
      'Due',
      'Overdue',
      'Oldest overdue due date',
      'Current',
      '1-30',
      '31-60',
      '61-90',
      '90+',
    ],
    ...receivables.organizations.map((row) => [
      inert(row.organization.name),
      row.currency,
      toDecimalString(row.dueMinor, row.currency),
      toDecimalString(row.overdueMinor, row.currency),
      row.oldestOverdueDate ?? '',
      ...row.aging.map((bucket) => toDecimalString(bucket.amountMinor, row.currency)),
    ]),
  ];
  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
};
