import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import {
  AccountCredit,
  AccountCreditQuery,
  CreditNoteRequest,
  Invoice,
  InvoiceDraftRequest,
  InvoiceDraftUpdate,
  InvoiceIssueRequest,
  InvoiceListQuery,
  InvoicePage,
  InvoiceParams,
  InvoiceVoidRequest,
  PaymentRequest,
  Receivables,
  ReceivablesQuery,
  RefundRecorded,
  RefundRequest,
  Statement,
  StatementListQuery,
  StatementPage,
  StatementParams,
  StatementRequest,
  StatementRowsQuery,
} from '../schemas/invoice';
import { OrganizationParams } from '../schemas/organization';

const readsInvoices = { anyPermission: ['invoice:read:org', 'invoice:read:any'] } as const;
const keepsBooks = { permission: 'invoice:manage:any' } as const;

export const invoiceEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/invoices',
    query: InvoiceListQuery,
    response: { 200: InvoicePage },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'Invoices, latest issued first, with what they still ask for per currency',
    description:
      "A main or administrative contact reads their organization's issued and void invoices (never a " +
      "draft); billing staff read every organization's, drafts included, or one organization's with " +
      '`organizationId`. `totals` sums what the matching invoices still ask for, and the overdue part, ' +
      'per currency, over all pages. Overdue is derived from the due date, never stored.',
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/v1/invoices/:invoiceId',
    params: InvoiceParams,
    response: { 200: Invoice },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'An invoice with its lines, tax lines, payments and what remains due',
  }),
  pdf: defineEndpoint({
    method: 'GET',
    path: '/v1/invoices/:invoiceId/pdf',
    problems: ['invalid_transition'],
    params: InvoiceParams,
    response: { 200: z.unknown().meta({ description: 'The invoice as a PDF (application/pdf)' }) },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'An issued invoice as a PDF: the same bytes at every download',
    description:
      'The document as issued (payments since are on the invoice, not in its document); a void invoice ' +
      'is marked void. A draft has no document yet (409).',
  }),
  createDraft: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/invoices',
    problems: ['invalid_reference'],
    idempotent: true,
    body: InvoiceDraftRequest,
    response: { 201: Invoice },
    access: keepsBooks,
    tags: ['invoices'],
    summary: 'Staff: a draft invoice for an organization, its totals computed from its lines',
    description:
      'Each line is taxed on its own, rounded half to even to the minor unit; the tax lines and totals are ' +
      'sums of those. A draft is invisible to the customer and moves no balance until it is issued.',
  }),
  updateDraft: defineEndpoint({
    method: 'PUT',
    path: '/v1/staff/invoices/:invoiceId',
    problems: ['invalid_reference', 'invalid_transition'],
    params: InvoiceParams,
    body: InvoiceDraftUpdate,
    response: { 200: Invoice },
    access: keepsBooks,
    tags: ['invoices'],
    summary: "Staff: replace a draft's currency and lines (an issued invoice never changes: 409)",
  }),
  deleteDraft: defineEndpoint({
    method: 'DELETE',
    path: '/v1/staff/invoices/:invoiceId',
    problems: ['invalid_transition'],
    params: InvoiceParams,
    response: { 204: z.null() },
    access: keepsBooks,
    tags: ['invoices'],
    summary: 'Staff: delete a draft (an issued invoice is voided instead: 409)',
  }),
  issue: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/invoices/:invoiceId/issue',
    problems: ['invalid_transition'],
    params: InvoiceParams,
    body: InvoiceIssueRequest,
    response: { 200: Invoice },
    access: keepsBooks,
    tags: ['invoices'],
    summary: 'Staff: issue a draft, giving it the next gap-free number of its series and year',
    description: 'Issuing twice is refused (409): the first issue stands and keeps its number.',
  }),
  void: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/invoices/:invoiceId/void',
    problems: ['invalid_transition'],
    params: InvoiceParams,
    body: InvoiceVoidRequest,
    response: { 200: Invoice },
    access: keepsBooks,
    tags: ['invoices'],
    summary: 'Staff: void an issued invoice without payments, with a reason (twice: 409)',
  }),
  recordPayment: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/invoices/:invoiceId/payments',
    problems: ['invalid_transition'],
    params: InvoiceParams,
    idempotent: true,
    body: PaymentRequest,
    response: { 201: Invoice },
    access: keepsBooks,
    tags: ['invoices'],
    summary: 'Staff: record a payment received offline (partial or whole) against an issued invoice',
    description:
      'More than the invoice still asks for, or a payment of a draft or a void invoice, is refused (409) ' +
      'and records nothing; payments arriving at once take turns and never overpay together. Send an ' +
      '`Idempotency-Key` header to retry safely.',
  }),
  issueCreditNote: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/invoices/:invoiceId/credit-notes',
    problems: ['invalid_transition'],
    params: InvoiceParams,
    idempotent: true,
    body: CreditNoteRequest,
    response: { 201: Invoice },
    access: keepsBooks,
    tags: ['invoices'],
    summary: 'Staff: issue a credit note against an issued invoice (numbered in the CN series)',
    description:
      'It reduces what the invoice still asks for; what it credits beyond that becomes account credit, ' +
      "which the organization's next invoices in the currency consume when issued, or which is refunded. " +
      'Crediting more than the invoice was issued for, less earlier credit notes, is refused (409).',
  }),
  accountCredit: defineEndpoint({
    method: 'GET',
    path: '/v1/account-credit',
    query: AccountCreditQuery,
    response: { 200: AccountCredit },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'The account credit left per currency (staff name the organizationId)',
  }),
  recordRefund: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/organizations/:organizationId/refunds',
    problems: ['invalid_transition'],
    params: OrganizationParams,
    idempotent: true,
    body: RefundRequest,
    response: { 201: RefundRecorded },
    access: keepsBooks,
    tags: ['invoices'],
    summary: "Staff: record a refund of an organization's account credit (never more than is left: 409)",
  }),
  receivables: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/receivables',
    query: ReceivablesQuery,
    response: { 200: Receivables },
    access: { permission: 'invoice:read:any' },
    tags: ['invoices'],
    summary: 'Staff: what every organization owes today, most overdue first, with the aging per currency',
  }),
  receivablesCsv: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/receivables/csv',
    query: ReceivablesQuery,
    response: { 200: z.string().meta({ description: 'The receivables as CSV (text/csv)' }) },
    access: { permission: 'invoice:read:any' },
    tags: ['invoices'],
    summary: 'Staff: the receivables as a CSV download',
  }),
};

export const statementEndpoints = {
  generate: defineEndpoint({
    method: 'POST',
    path: '/v1/statements',
    idempotent: true,
    body: StatementRequest,
    response: { 201: Statement },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'Generate and keep an account statement for a period and currency',
    description:
      'The opening balance (everything before the period), every issued invoice (debit) and payment ' +
      '(credit) of the period with the running balance, the closing balance, and the aging of what ' +
      "remained due at the period's end (current, 1–30, 31–60, 61–90, 90+ days past due). A void invoice " +
      'asks for nothing and is left out. The statement is kept as generated: read and downloaded again, it ' +
      'is identical whatever happens to the account later. Staff name the `organizationId`.',
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/statements',
    query: StatementListQuery,
    response: { 200: StatementPage },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'The statements generated, latest first',
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/v1/statements/:statementId',
    params: StatementParams,
    query: StatementRowsQuery,
    response: { 200: Statement },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'A statement as it was generated, its rows a window at a time (200 by default, at most 1,000)',
  }),
  csv: defineEndpoint({
    method: 'GET',
    path: '/v1/statements/:statementId/csv',
    params: StatementParams,
    response: {
      200: z.unknown().meta({
        description:
          'The statement as CSV (text/csv), amounts as exact decimals; gzip-encoded when the request accepts gzip',
      }),
    },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'A statement as CSV: the same bytes at every download',
  }),
  pdf: defineEndpoint({
    method: 'GET',
    path: '/v1/statements/:statementId/pdf',
    params: StatementParams,
    response: { 200: z.unknown().meta({ description: 'The statement as a PDF (application/pdf)' }) },
    access: readsInvoices,
    tags: ['invoices'],
    summary: 'A statement as a PDF: the same bytes at every download',
  }),
};
