import { PageTitle } from '@portals/web-ui';
import { ReceivablesReport } from '../../features/receivables/components/receivables-report';
import { organizationPath } from './organization-paths';

export function ReceivablesRoute() {
  return (
    <section className="page">
      <PageTitle>Receivables</PageTitle>
      <h1>Receivables</h1>
      <p className="muted">
        What every organization owes today, per currency, most overdue first, with how long it has been past
        due.
      </p>
      <ReceivablesReport organizationPath={organizationPath} />
    </section>
  );
}
