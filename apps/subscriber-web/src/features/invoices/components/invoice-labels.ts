import type { InvoiceDocumentStatus, InvoiceSummary, PaymentMethod, PaymentStatus } from '@portals/domain';

export const paymentStatusLabels: Record<PaymentStatus, string> = {
  unpaid: 'Unpaid',
  partially_paid: 'Partly paid',
  paid: 'Paid',
  uncollectible: 'Uncollectible',
};

export const documentStatusLabels: Record<InvoiceDocumentStatus, string> = {
  draft: 'Draft',
  issued: 'Issued',
  void: 'Void',
};

export const paymentMethodLabels: Record<PaymentMethod, string> = {
  bank_transfer: 'Bank transfer',
  purchase_order: 'Purchase order',
  card: 'Card',
  other: 'Other',
};

/** How an invoice stands in one word: a draft or void document, else how it is paid. */
export const invoiceStatusLabel = (invoice: Pick<InvoiceSummary, 'documentStatus' | 'paymentStatus'>) =>
  invoice.documentStatus === 'issued' && invoice.paymentStatus
    ? paymentStatusLabels[invoice.paymentStatus]
    : documentStatusLabels[invoice.documentStatus];

/** "INV-2026-0042", or what a draft is until it is issued. */
export const invoiceTitle = (invoice: Pick<InvoiceSummary, 'number' | 'organization'>) =>
  invoice.number ? `Invoice ${invoice.number}` : `Draft invoice for ${invoice.organization.name}`;
