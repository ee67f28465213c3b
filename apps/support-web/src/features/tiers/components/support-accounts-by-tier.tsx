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
            Named support accounts
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

export function SupportAccountsByTier() {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Named support accounts by tier</h2>
      <p className="muted">
        Each subscription tier includes named Support Portal accounts for technical contacts; the main contact
        holds the first. More can be requested.
      </p>
      <TiersContent />
    </section>
  );
}
