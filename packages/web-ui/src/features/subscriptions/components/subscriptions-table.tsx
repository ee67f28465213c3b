import { ApiErrorMessage } from '../../../components/api-error-message';
import { DateCell } from '../../../components/date-cell';
import { LoadMore } from '../../../components/load-more';
import { subscriptionStatusLabels } from '../../../lib/subscription-status-labels';
import { tierLabels } from '../../../lib/tier-labels';
import { useSubscriptions } from '../api/get-subscriptions';

/** The organization's subscriptions with loading, error and empty states, and "Load more". */
export function SubscriptionsTable() {
  const subscriptions = useSubscriptions();
  if (subscriptions.isPending) return <p role="status">Loading your subscriptions…</p>;
  // A failed "Load more" keeps the pages already shown; only a failed first page replaces them.
  if (subscriptions.isError && !subscriptions.isFetchNextPageError) {
    return (
      <ApiErrorMessage
        summary="Your subscriptions could not be loaded."
        error={subscriptions.error}
        onRetry={() => {
          void subscriptions.refetch();
        }}
      />
    );
  }
  const items = subscriptions.data?.pages.flatMap((page) => page.items) ?? [];
  if (items.length === 0) {
    return <p className="card">Your organization has no subscriptions yet.</p>;
  }
  return (
    <div className="card">
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col" className="number">
                Servers
              </th>
              <th scope="col">Term start</th>
              <th scope="col">Term end</th>
              <th scope="col">Currency</th>
              <th scope="col">Renewal date</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((subscription) => (
              <tr key={subscription.id}>
                <th scope="row">{tierLabels[subscription.tier]}</th>
                <td className="number">{subscription.servers}</td>
                <DateCell isoDate={subscription.termStart} />
                <DateCell isoDate={subscription.termEnd} />
                <td>{subscription.currency}</td>
                <DateCell isoDate={subscription.renewalDate} />
                <td>
                  <span className={`status status-${subscription.status}`}>
                    {subscriptionStatusLabels[subscription.status]}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore query={subscriptions} failureSummary="More subscriptions could not be loaded." />
    </div>
  );
}
