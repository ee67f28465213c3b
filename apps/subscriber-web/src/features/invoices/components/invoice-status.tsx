import type { InvoiceSummary } from '@portals/domain';
import { invoiceStatusLabel } from './invoice-labels';

/**
 * How an invoice stands: draft, void, or how it is paid; past its due date with something still due,
 * "Overdue" beside it, in words and not only in colour.
 */
export function InvoiceStatus({
  invoice,
}: {
  invoice: Pick<InvoiceSummary, 'documentStatus' | 'paymentStatus' | 'overdue'>;
}) {
  const stage = invoice.documentStatus === 'issued' ? invoice.paymentStatus : invoice.documentStatus;
  return (
    <span className="invoice-status">
      <span className={`status invoice-${stage ?? 'issued'}`}>{invoiceStatusLabel(invoice)}</span>
      {invoice.overdue ? <span className="status invoice-overdue">Overdue</span> : null}
    </span>
  );
}
