import { PageTitle, SubscriptionsTable, useCan } from '@portals/web-ui';
import { useId } from 'react';
import { TechnicalContactsCard } from '../../features/organization/components/technical-contacts-card';
import { TicketSharingCard } from '../../features/organization/components/ticket-sharing-card';

export function OrganizationRoute() {
  const can = useCan();
  const subscriptionsId = useId();
  return (
    <section className="page">
      <PageTitle>Your organization</PageTitle>
      <h1>Your organization</h1>
      <section aria-labelledby={subscriptionsId}>
        <h2 id={subscriptionsId}>Subscriptions</h2>
        <p className="muted">
          The tier of a subscription sets the support you receive and its response times.
        </p>
        <SubscriptionsTable />
      </section>
      {can('contact:read:org') && can('ticket:read:org') ? <TechnicalContactsCard /> : null}
      {can('ticket_sharing:manage:org') ? <TicketSharingCard /> : null}
    </section>
  );
}
