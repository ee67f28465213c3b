import { PageTitle, SubscriptionsTable, useCan } from '@portals/web-ui';
import { NotifyChange } from '../../features/change-requests/components/notify-change';

export function SubscriptionsRoute() {
  const can = useCan();
  return (
    <section className="page">
      <PageTitle>Subscriptions</PageTitle>
      <h1>Subscriptions</h1>
      <p className="muted">
        Your organization's subscriptions: tier, servers covered, term, currency and renewal.
      </p>
      <SubscriptionsTable />
      {can('change_request:create:org') ? <NotifyChange /> : null}
    </section>
  );
}
