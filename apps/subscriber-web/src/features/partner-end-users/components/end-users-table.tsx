import { ApiErrorMessage, DateCell, LoadMore, subscriptionStatusLabels, tierLabels } from '@portals/web-ui';
import { useEndUsers } from '../api/get-end-users';

/** The partner's end users, one row per subscription, with loading, error and empty states. */
export function EndUsersTable() {
  const endUsers = useEndUsers();
  if (endUsers.isPending) return <p role="status">Loading your end users…</p>;
  // A customer organization is refused (403): the API's message says why.
  if (endUsers.isError && !endUsers.isFetchNextPageError) {
    return (
      <ApiErrorMessage
        summary="Your end users could not be loaded."
        error={endUsers.error}
        onRetry={() => {
          void endUsers.refetch();
        }}
      />
    );
  }
  const items = endUsers.data?.pages.flatMap((page) => page.items) ?? [];
  if (items.length === 0) return <p className="card">You have not registered any end users yet.</p>;
  return (
    <div className="card">
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">End user</th>
              <th scope="col">Tier</th>
              <th scope="col" className="number">
                Servers
              </th>
              <th scope="col">Status</th>
              <th scope="col">Renewal date</th>
            </tr>
          </thead>
          <tbody>
            {items.flatMap((endUser) =>
              endUser.subscriptions.length === 0
                ? [
                    <tr key={endUser.id}>
                      <th scope="row">{endUser.name}</th>
                      <td colSpan={4} className="muted">
                        No subscriptions
                      </td>
                    </tr>,
                  ]
                : endUser.subscriptions.map((subscription) => (
                    // Subscriptions carry no id here; these fields tell an end user's subscriptions apart.
                    <tr
                      key={`${endUser.id}-${subscription.tier}-${subscription.servers}-${subscription.status}-${subscription.renewalDate}`}
                    >
                      <th scope="row">{endUser.name}</th>
                      <td>{tierLabels[subscription.tier]}</td>
                      <td className="number">{subscription.servers}</td>
                      <td>
                        <span className={`status status-${subscription.status}`}>
                          {subscriptionStatusLabels[subscription.status]}
                        </span>
                      </td>
                      <DateCell isoDate={subscription.renewalDate} />
                    </tr>
                  )),
            )}
          </tbody>
        </table>
      </div>
      <LoadMore query={endUsers} failureSummary="More end users could not be loaded." />
    </div>
  );
}
