import { PageTitle } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { ChangeRequestsTable } from '../../features/change-requests/components/change-requests-table';
import { PartnerRequests } from '../../features/partner-requests/components/partner-requests';

export function ChangeRequestsRoute() {
  return (
    <section className="page">
      <PageTitle>Change requests</PageTitle>
      <h1>Change requests</h1>
      <p className="muted">
        Additional servers, services and tier changes your organization notified (and a partner's end-user
        registrations and level upgrades), with each decision. Notify a new change from the{' '}
        <Link to="/subscriptions">Subscriptions</Link> page.
      </p>
      <PartnerRequests />
      <ChangeRequestsTable />
    </section>
  );
}
