import { z } from 'zod';
import {
  Currency,
  InvoiceDocumentStatus,
  MinorUnits,
  PaymentMethod,
  PaymentStatus,
  TaxRateBasisPoints,
  taxRoundingRule,
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

export const Invoice = InvoiceSummary.extend({
  /** The customer's name as printed on the issued document. */
  billToName: z.string().nullable(),
  lines: z.array(InvoiceLine),
  taxLines: z.array(InvoiceTaxLine),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  taxRounding: z.literal(taxRoundingRule),
  payments: z.array(Payment),
  voidReason: z.string().nullable(),
});
export type Invoice = z.infer<typeof Invoice>;

/** "INV-2026-0042": the series, the year and the number, padded to four digits. */
export const formatInvoiceNumber = (series: string, year: number, number: number): string =>
  `${series}-${year}-${String(number).padStart(4, '0')}`;
