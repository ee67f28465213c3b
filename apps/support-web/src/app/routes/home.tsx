import { HomeOverview, PageTitle, TiersCard, useMe } from '@portals/web-ui';

/** Signed in: what matters to the person at a glance (web-ui's HomeOverview). Signed out: what the tiers include. */
export function HomeRoute() {
  const me = useMe();
  return (
    <section className="page">
      <PageTitle>Dashboard</PageTitle>
      <h1>Dashboard</h1>
      {me ? (
        <HomeOverview />
      ) : (
        <>
          <p className="muted">Sign in to open support tickets and follow them through to a solution.</p>
          <TiersCard heading="Named support accounts by tier" accountsColumnLabel="Named support accounts">
            Each subscription tier includes named Support Portal accounts for technical contacts; the main
            contact holds the first. More can be requested.
          </TiersCard>
        </>
      )}
    </section>
  );
}
