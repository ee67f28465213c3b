import { PageTitle } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { ChangeRequestsTable } from '../../features/change-requests/components/change-requests-table';

export function ChangeRequestsRoute() {
  return (
    <section className="page">
      <PageTitle>Change requests</PageTitle>
      <h1>Change requests</h1>
      <p className="muted">
        Additional servers, services and tier changes your organization notified, with each decision. Notify a
        new one from the <Link to="/subscriptions">Subscriptions</Link> page.
      </p>
      <ChangeRequestsTable />
    </section>
  );
}
