import { PageTitle } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { AccountCreditNotice } from '../../features/invoices/components/account-credit';
import { InvoiceList } from '../../features/invoices/components/invoice-list';
import { invoicePath } from './invoice-paths';
import { statementsPath } from './statement-paths';

export function InvoicesRoute() {
  return (
    <section className="page">
      <PageTitle>Invoices</PageTitle>
      <h1>Invoices</h1>
      <p className="muted">
        Your organization's invoices, latest first: what each asks for, what was paid and what remains due.
        Open one for its lines, its payments and its PDF; a <Link to={statementsPath}>statement</Link> sums up
        a period.
      </p>
      <AccountCreditNotice />
      <InvoiceList
        audience="customer"
        invoicePath={invoicePath}
        emptyMessage="Your organization has no invoices yet: they show here as soon as they are issued."
      />
    </section>
  );
}
