import { type Currency, formatMoney } from '@portals/domain';
import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface InvoiceEmailFacts {
  number: string;
  currency: Currency;
  totalMinor: number;
  /** ISO date. */
  dueDate: string;
  /** The invoice's page in the Subscriber Portal. */
  invoiceUrl: string;
}

/** An invoice was issued: its PDF goes with this email. */
export const invoiceIssuedEmail = (invoice: InvoiceEmailFacts & { remainingMinor: number }): RenderedEmail =>
  renderEmail({
    subject: `Invoice ${invoice.number}: ${formatMoney(invoice.totalMinor, invoice.currency)}, due ${invoice.dueDate}`,
    blocks: [
      `Invoice ${invoice.number} for ${formatMoney(invoice.totalMinor, invoice.currency)} is attached as a PDF. It is due on ${invoice.dueDate}.`,
      ...(invoice.remainingMinor < invoice.totalMinor
        ? [
            `Your account credit already covers ${formatMoney(invoice.totalMinor - invoice.remainingMinor, invoice.currency)} of it: ${formatMoney(invoice.remainingMinor, invoice.currency)} remains to pay.`,
          ]
        : []),
      { lead: `Read it, with what remains due, in the ${portalNames.subscriber}:`, url: invoice.invoiceUrl },
    ],
  });

/** A payment was recorded against an invoice. */
export const paymentReceivedEmail = (
  invoice: InvoiceEmailFacts & { amountMinor: number; remainingMinor: number },
): RenderedEmail =>
  renderEmail({
    subject: `Payment received for invoice ${invoice.number}`,
    blocks: [
      `We received ${formatMoney(invoice.amountMinor, invoice.currency)} for invoice ${invoice.number}. Thank you.`,
      invoice.remainingMinor > 0
        ? `${formatMoney(invoice.remainingMinor, invoice.currency)} remains to pay, due on ${invoice.dueDate}.`
        : 'The invoice is now paid in full.',
      { lead: `The invoice in the ${portalNames.subscriber}:`, url: invoice.invoiceUrl },
    ],
  });

/** An invoice is past due by `daysPastDue` days with something still to pay. */
export const invoiceOverdueEmail = (
  invoice: InvoiceEmailFacts & { remainingMinor: number; daysPastDue: number },
): RenderedEmail =>
  renderEmail({
    subject: `Reminder: invoice ${invoice.number} is ${invoice.daysPastDue} days past due`,
    blocks: [
      `Invoice ${invoice.number} was due on ${invoice.dueDate}; ${formatMoney(invoice.remainingMinor, invoice.currency)} of it remains to pay.`,
      'If you have paid it in the last few days, thank you, and please ignore this reminder.',
      { lead: `The invoice, with its PDF, in the ${portalNames.subscriber}:`, url: invoice.invoiceUrl },
    ],
  });
