import { PageTitle, useCan } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { InvoiceList } from '../../features/invoices/components/invoice-list';
import { newInvoicePath, staffInvoicePath } from './invoice-paths';

export function StaffInvoicesRoute() {
  const can = useCan();
  return (
    <section className="page">
      <PageTitle>Invoices</PageTitle>
      <h1>Invoices</h1>
      <p className="muted">
        Every organization's invoices, drafts included, latest first. Drafts are yours alone until issued.
      </p>
      {can('invoice:manage:any') ? (
        <p>
          <Link className="button" to={newInvoicePath}>
            New invoice
          </Link>
        </p>
      ) : null}
      <InvoiceList
        audience="staff"
        invoicePath={staffInvoicePath}
        emptyMessage="No invoice has been written yet: drafts and issued invoices of every organization show here."
      />
    </section>
  );
}
