import type { Invoice, InvoiceCurrencyTotal, InvoicePage, InvoiceSummary } from '@portals/domain';
import { jsonResponse, testMe, testStaffMe } from '@portals/web-ui/testing';

export const acme = { id: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f', name: 'Acme Cloud' };

export const invoiceId = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const yenInvoiceId = '1d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a';
export const draftId = '2e3f4a5b-6c7d-4e8f-a09b-1c2d3e4f5a6b';

/** Maria, main contact: reads her organization's invoices. */
export const mainContact = testMe({ permissions: ['subscription:read:org', 'invoice:read:org'] });
/** Tara, technical contact: no invoices. */
export const technicalContact = testMe({
  name: 'Tara Tech',
  email: 'tara@acme.example',
  contactRoles: ['technical'],
  permissions: ['subscription:read:org'],
});
/** Bea, billing staff: reads and keeps every organization's books. */
export const billingStaff = testStaffMe({
  name: 'Bea Billing',
  email: 'billing@vendor.example',
  staffRoles: ['billing'],
  permissions: ['subscription:read:any', 'organization:read:any', 'invoice:read:any', 'invoice:manage:any'],
});

export const summary = (overrides: Partial<InvoiceSummary> = {}): InvoiceSummary => ({
  id: invoiceId,
  number: 'INV-2026-0001',
  organization: acme,
  documentStatus: 'issued',
  paymentStatus: 'partially_paid',
  overdue: false,
  currency: 'EUR',
  issueDate: '2026-11-01',
  dueDate: '2026-12-01',
  totalMinor: 169_250,
  paidMinor: 69_250,
  creditedMinor: 0,
  remainingMinor: 100_000,
  ...overrides,
});

/**
 * Premium support for 12 servers at €80.00 taxed 20 %, and a training day at €500.00 taxed 8.1 %:
 * €1,460.00 + €232.50 tax = €1,692.50, of which €692.50 paid.
 */
export const invoice = (overrides: Partial<Invoice> = {}): Invoice => ({
  ...summary(),
  billToName: 'Acme Cloud Ltd',
  lines: [
    {
      position: 1,
      description: 'Premium support, 12 servers',
      productId: null,
      quantity: 12,
      unitPriceMinor: 8_000,
      taxRateBasisPoints: 2_000,
      netMinor: 96_000,
      taxMinor: 19_200,
    },
    {
      position: 2,
      description: 'Training day',
      productId: null,
      quantity: 1,
      unitPriceMinor: 50_000,
      taxRateBasisPoints: 810,
      netMinor: 50_000,
      taxMinor: 4_050,
    },
  ],
  taxLines: [
    { rateBasisPoints: 810, taxableBaseMinor: 50_000, taxMinor: 4_050 },
    { rateBasisPoints: 2_000, taxableBaseMinor: 96_000, taxMinor: 19_200 },
  ],
  subtotalMinor: 146_000,
  taxMinor: 23_250,
  totalMinor: 169_250,
  taxRounding: 'half_even_per_line',
  payments: [
    {
      id: '3f4a5b6c-7d8e-4f9a-b0c1-2d3e4f5a6b7c',
      amountMinor: 69_250,
      method: 'bank_transfer',
      reference: 'ACME-TRF-7781',
      receivedOn: '2026-11-20',
    },
  ],
  creditNotes: [],
  credits: [],
  voidReason: null,
  ...overrides,
});

export const draft = (overrides: Partial<Invoice> = {}): Invoice =>
  invoice({
    id: draftId,
    number: null,
    documentStatus: 'draft',
    paymentStatus: null,
    issueDate: null,
    dueDate: null,
    paidMinor: 0,
    remainingMinor: 0,
    payments: [],
    billToName: null,
    ...overrides,
  });

export const page = (
  items: InvoiceSummary[],
  totals: InvoiceCurrencyTotal[] = [],
  nextCursor: string | null = null,
): Response => jsonResponse({ items, nextCursor, totals } satisfies InvoicePage);
