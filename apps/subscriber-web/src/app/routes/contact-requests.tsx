import { PageTitle, useCan } from '@portals/web-ui';
import { PendingContactRequests } from '../../features/staff-contact-requests/components/pending-contact-requests';

export function ContactRequestsRoute() {
  const can = useCan();
  return (
    <section className="page">
      <PageTitle>Contact requests</PageTitle>
      <h1>Contact requests</h1>
      <p className="muted">
        Main contacts ask for additional technical contacts and main contact handovers. Approving a technical
        contact beyond the tier's allowance is allowed; declining needs a reason the requester is told.
      </p>
      <PendingContactRequests canDecide={can('contact_request:decide:any')} />
    </section>
  );
}
