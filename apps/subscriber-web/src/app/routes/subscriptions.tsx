import { PageTitle } from '@portals/web-ui';
import { SubscriptionsTable } from '../../features/subscriptions/components/subscriptions-table';

export function SubscriptionsRoute() {
  return (
    <section className="page">
      <PageTitle>Subscriptions</PageTitle>
      <h1>Subscriptions</h1>
      <p className="muted">Your organization's subscriptions: tier, servers covered and term.</p>
      <SubscriptionsTable />
    </section>
  );
}
