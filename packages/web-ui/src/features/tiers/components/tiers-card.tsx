import { type ReactNode, useId } from 'react';
import { ApiErrorMessage } from '../../../components/api-error-message';
import { tierLabels } from '../../../lib/tier-labels';
import { useTiers } from '../api/get-tiers';

function TiersTable({ accountsColumnLabel }: { accountsColumnLabel: string }) {
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
            {accountsColumnLabel}
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

export interface TiersCardProps {
  /** Each portal words the card for its own readers. */
  heading: string;
  accountsColumnLabel: string;
  /** The introduction under the heading. */
  children: ReactNode;
}

/** The subscription tiers and the named support accounts each includes, with loading and error states. */
export function TiersCard({ heading, accountsColumnLabel, children }: TiersCardProps) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <p className="muted">{children}</p>
      <TiersTable accountsColumnLabel={accountsColumnLabel} />
    </section>
  );
}
