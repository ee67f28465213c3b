import { HomeOverview, PageTitle, TiersCard, useMe } from '@portals/web-ui';

/** Signed in: what matters to the person at a glance (web-ui's HomeOverview). Signed out: what the tiers include. */
export function HomeRoute() {
  const me = useMe();
  return (
    <section className="page">
      <PageTitle>Overview</PageTitle>
      <h1>Overview</h1>
      {me ? (
        <HomeOverview />
      ) : (
        <>
          <p className="muted">
            Sign in to see your organization's subscriptions; invoices and account statements follow.
          </p>
          <TiersCard
            heading="Subscription tiers"
            accountsColumnLabel="Named Support Portal accounts included"
          >
            What each subscription tier includes. Named Support Portal accounts are the people who may open
            support tickets; the main contact holds the first.
          </TiersCard>
        </>
      )}
    </section>
  );
}
