import { PageTitle } from '@portals/web-ui';
import { EndUsersTable } from '../../features/partner-end-users/components/end-users-table';
import { PartnerRequests } from '../../features/partner-requests/components/partner-requests';

export function EndUsersRoute() {
  return (
    <section className="page">
      <PageTitle>End users</PageTitle>
      <h1>End users</h1>
      <p className="muted">
        The end-user organizations you registered as a partner, and their subscriptions: tier, servers, status
        and renewal date.
      </p>
      <PartnerRequests />
      <EndUsersTable />
    </section>
  );
}
