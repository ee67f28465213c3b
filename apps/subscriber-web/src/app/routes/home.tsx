import { PageTitle, TiersCard } from '@portals/web-ui';

export function HomeRoute() {
  return (
    <section className="page">
      <PageTitle>Overview</PageTitle>
      <h1>Overview</h1>
      <p className="muted">
        Your subscriptions, invoices and account statements will appear here once signing in is available.
      </p>
      <TiersCard heading="Subscription tiers" accountsColumnLabel="Named Support Portal accounts included">
        What each subscription tier includes. Named Support Portal accounts are the people who may open
        support tickets; the main contact holds the first.
      </TiersCard>
    </section>
  );
}
