import { PageTitle } from '@portals/web-ui';
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { useInvoices } from '../../features/invoices/api/get-invoices';
import { StatementForm } from '../../features/statements/components/statement-form';
import { StatementsList } from '../../features/statements/components/statements-list';
import { invoicesPath } from './invoice-paths';
import { statementPath } from './statement-paths';

export function StatementsRoute() {
  const formHeadingId = useId();
  const listHeadingId = useId();
  // The currencies the account was invoiced in come first among the choices (the totals name them all).
  const invoices = useInvoices({});
  const accountCurrencies = invoices.data?.pages[0]?.totals.map((total) => total.currency);
  return (
    <section className="page">
      <PageTitle>Statements</PageTitle>
      <h1>Statements</h1>
      <p className="muted">
        Your account in one currency over a period: the balance at its start, the{' '}
        <Link to={invoicesPath}>invoices</Link> and payments in it, the balance at its end, and how old what
        remains due is. Download it as CSV or PDF.
      </p>
      <section className="card" aria-labelledby={formHeadingId}>
        <h2 id={formHeadingId}>Produce a statement</h2>
        {invoices.isPending ? (
          <p className="table-loading" role="status" aria-busy="true">
            Loading your account's currencies…
          </p>
        ) : (
          <StatementForm statementPath={statementPath} currencyChoices={accountCurrencies} />
        )}
      </section>
      <section className="card" aria-labelledby={listHeadingId}>
        <h2 id={listHeadingId}>Statements produced</h2>
        <StatementsList statementPath={statementPath} />
      </section>
    </section>
  );
}
