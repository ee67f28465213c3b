import { PageTitle } from '@portals/web-ui';
import { SupportAccountsByTier } from '../../features/tiers/components/support-accounts-by-tier';

export function HomeRoute() {
  return (
    <section className="page">
      <PageTitle>Dashboard</PageTitle>
      <h1>Dashboard</h1>
      <p className="muted">
        Your tickets, their response due times and the vendor's alerts will appear here once signing in is
        available.
      </p>
      <SupportAccountsByTier />
    </section>
  );
}
