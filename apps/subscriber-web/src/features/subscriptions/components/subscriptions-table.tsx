import type { SubscriptionStatus } from '@portals/domain';
import { ApiErrorMessage, LoadMore, tierLabels } from '@portals/web-ui';
import { formatDate } from '../../../lib/format-date';
import { useSubscriptions } from '../api/get-subscriptions';

/** How a status is named on screen; a new status fails to compile until it has a label. */
const statusLabels: Record<SubscriptionStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

function DateCell({ isoDate }: { isoDate: string }) {
  return (
    <td>
      <time dateTime={isoDate}>{formatDate(isoDate)}</time>
    </td>
  );
}

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
          subscriptions.refetch();
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
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col" className="number">
              Servers
            </th>
            <th scope="col">Term start</th>
            <th scope="col">Term end</th>
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
              <td>
                <span className={`status status-${subscription.status}`}>
                  {statusLabels[subscription.status]}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore query={subscriptions} failureSummary="More subscriptions could not be loaded." />
    </div>
  );
}
