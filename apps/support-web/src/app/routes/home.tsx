import { PageTitle, TiersCard } from '@portals/web-ui';

export function HomeRoute() {
  return (
    <section className="page">
      <PageTitle>Dashboard</PageTitle>
      <h1>Dashboard</h1>
      <p className="muted">
        Your tickets, their response due times and the vendor's alerts will appear here once signing in is
        available.
      </p>
      <TiersCard heading="Named support accounts by tier" accountsColumnLabel="Named support accounts">
        Each subscription tier includes named Support Portal accounts for technical contacts; the main contact
        holds the first. More can be requested.
      </TiersCard>
    </section>
  );
}
