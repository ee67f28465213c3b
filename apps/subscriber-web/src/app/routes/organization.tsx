import { NotFoundPage, useCan } from '@portals/web-ui';
import { useId } from 'react';
import { useParams } from 'react-router-dom';
import { useInvoices } from '../../features/invoices/api/get-invoices';
import { AccountCreditSection } from '../../features/invoices/components/account-credit';
import { OrganizationPage } from '../../features/staff-organizations/components/organization-page';
import { StatementForm } from '../../features/statements/components/statement-form';
import { StatementsList } from '../../features/statements/components/statements-list';
import { staffInvoicePath } from './invoice-paths';
import { organizationDirectoryPath, organizationPath, staffTicketUrl } from './organization-paths';
import { staffStatementPath } from './statement-paths';

function Statements({ organizationId }: { organizationId: string }) {
  const headingId = useId();
  // Read with the organization's invoices section: the currencies it was invoiced in come first.
  const invoices = useInvoices({ organizationId });
  const accountCurrencies = invoices.data?.pages[0]?.totals.map((total) => total.currency);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Statements</h2>
      {invoices.isPending ? null : (
        <StatementForm
          organizationId={organizationId}
          statementPath={staffStatementPath}
          currencyChoices={accountCurrencies}
        />
      )}
      <StatementsList organizationId={organizationId} statementPath={staffStatementPath} />
    </section>
  );
}

export function OrganizationRoute() {
  const { organizationId } = useParams();
  const can = useCan();
  if (!organizationId) return <NotFoundPage />;
  return (
    <section className="page">
      <OrganizationPage
        organizationId={organizationId}
        organizationPath={organizationPath}
        directoryPath={organizationDirectoryPath}
        ticketUrl={staffTicketUrl}
        invoicePath={staffInvoicePath}
        billingSections={(organization) => (
          <>
            <AccountCreditSection organizationId={organization.id} canRefund={can('invoice:manage:any')} />
            <Statements organizationId={organization.id} />
          </>
        )}
      />
    </section>
  );
}
