import { PageTitle, TiersCard, useMe } from '@portals/web-ui';

export function HomeRoute() {
  const me = useMe();
  return (
    <section className="page">
      <PageTitle>Dashboard</PageTitle>
      <h1>Dashboard</h1>
      <p className="muted">
        {me
          ? `Welcome, ${me.name}. Your tickets, their response due times and the vendor's alerts will appear here.`
          : 'Sign in to open support tickets and follow them through to a solution.'}
      </p>
      <TiersCard heading="Named support accounts by tier" accountsColumnLabel="Named support accounts">
        Each subscription tier includes named Support Portal accounts for technical contacts; the main contact
        holds the first. More can be requested.
      </TiersCard>
    </section>
  );
}
