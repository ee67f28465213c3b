import { PageTitle, useCan } from '@portals/web-ui';
import { ChangeRequestsInbox } from '../../features/staff-change-requests/components/change-requests-inbox';

export function StaffChangeRequestsRoute() {
  const can = useCan();
  return (
    <section className="page">
      <PageTitle>Change requests</PageTitle>
      <h1>Change requests</h1>
      <p className="muted">
        Customers notify additional servers, services and tier changes. Approving one changes the subscription
        at once and makes a draft invoice of the pro-rated difference for billing staff to issue; declining
        needs a reason the requester is told.
      </p>
      <ChangeRequestsInbox canDecide={can('change_request:decide:any')} />
    </section>
  );
}
