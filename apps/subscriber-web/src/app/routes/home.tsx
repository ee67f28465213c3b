import { PageTitle } from '@portals/web-ui';
import { SubscriptionTiers } from '../../features/tiers/components/subscription-tiers';

export function HomeRoute() {
  return (
    <section className="page">
      <PageTitle>Overview</PageTitle>
      <h1>Overview</h1>
      <p className="muted">
        Your subscriptions, invoices and account statements will appear here once signing in is available.
      </p>
      <SubscriptionTiers />
    </section>
  );
}
