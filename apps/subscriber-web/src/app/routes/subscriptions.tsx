import { PageTitle, SubscriptionsTable } from '@portals/web-ui';

export function SubscriptionsRoute() {
  return (
    <section className="page">
      <PageTitle>Subscriptions</PageTitle>
      <h1>Subscriptions</h1>
      <p className="muted">
        Your organization's subscriptions: tier, servers covered, term, currency and renewal.
      </p>
      <SubscriptionsTable />
    </section>
  );
}
