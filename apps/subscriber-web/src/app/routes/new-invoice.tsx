import { PageTitle } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { NewInvoiceForm } from '../../features/invoices/components/new-invoice-form';
import { staffInvoicePath, staffInvoicesPath } from './invoice-paths';

export function NewInvoiceRoute() {
  return (
    <section className="page">
      <PageTitle>New invoice</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={staffInvoicesPath}>Invoices</Link>
      </nav>
      <h1>New invoice</h1>
      <p className="muted">
        Written as a draft, which the customer does not see: check it on its page, then issue it there.
      </p>
      <NewInvoiceForm invoicePath={staffInvoicePath} />
    </section>
  );
}
