import { ApiErrorMessage, tierLabels } from '@portals/web-ui';
import { useId } from 'react';
import { useTiers } from '../api/get-tiers';

function TiersContent() {
  const tiers = useTiers();
  if (tiers.isPending) return <p role="status">Loading the subscription tiers…</p>;
  if (tiers.isError) {
    return (
      <ApiErrorMessage
        summary="The subscription tiers could not be loaded."
        error={tiers.error}
        onRetry={() => {
          tiers.refetch();
        }}
      />
    );
  }
  if (tiers.data.items.length === 0) return <p>No subscription tiers are offered at the moment.</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Tier</th>
          <th scope="col" className="number">
            Named Support Portal accounts included
          </th>
        </tr>
      </thead>
      <tbody>
        {tiers.data.items.map((item) => (
          <tr key={item.tier}>
            <th scope="row">{tierLabels[item.tier]}</th>
            <td className="number">{item.namedSupportAccounts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SubscriptionTiers() {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Subscription tiers</h2>
      <p className="muted">
        What each subscription tier includes. Named Support Portal accounts are the people who may open
        support tickets; the main contact holds the first.
      </p>
      <TiersContent />
    </section>
  );
}
