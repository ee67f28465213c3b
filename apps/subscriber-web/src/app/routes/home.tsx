import { PageTitle, TiersCard, useCan, useMe } from '@portals/web-ui';
import { Link } from 'react-router-dom';

export function HomeRoute() {
  const me = useMe();
  const can = useCan();
  return (
    <section className="page">
      <PageTitle>Overview</PageTitle>
      <h1>Overview</h1>
      {me ? (
        <p>
          Welcome, {me.name}.{' '}
          {can('subscription:read:org') ? (
            <Link to="/subscriptions">See your organization's subscriptions</Link>
          ) : null}
        </p>
      ) : (
        <p className="muted">
          Sign in to see your organization's subscriptions; invoices and account statements follow.
        </p>
      )}
      <TiersCard heading="Subscription tiers" accountsColumnLabel="Named Support Portal accounts included">
        What each subscription tier includes. Named Support Portal accounts are the people who may open
        support tickets; the main contact holds the first.
      </TiersCard>
    </section>
  );
}
