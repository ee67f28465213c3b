import {
  ApiErrorMessage,
  DateCell,
  LoadMore,
  ScrollRegion,
  subscriptionStatusLabels,
  tierLabels,
} from '@portals/web-ui';
import { useId } from 'react';
import { useEndUsers } from '../api/get-end-users';

/**
 * The partner's end users, one row per subscription, with loading, error and empty states; stacked
 * cards below 640 px like web-ui's Table (`table-stack`, each cell labelled by its column's header).
 */
export function EndUsersTable() {
  const endUsers = useEndUsers();
  const captionId = useId();
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
      <ScrollRegion labelledBy={captionId}>
        <table className="table table-stack">
          <caption id={captionId} className="visually-hidden">
            Your end users and their subscriptions
          </caption>
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
                      <td colSpan={4} className="muted" data-label="Subscriptions">
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
                      <td data-label="Tier">{tierLabels[subscription.tier]}</td>
                      <td className="number" data-label="Servers">
                        {subscription.servers}
                      </td>
                      <td data-label="Status">
                        <span className={`status status-${subscription.status}`}>
                          {subscriptionStatusLabels[subscription.status]}
                        </span>
                      </td>
                      <DateCell isoDate={subscription.renewalDate} label="Renewal date" />
                    </tr>
                  )),
            )}
          </tbody>
        </table>
      </ScrollRegion>
      <LoadMore query={endUsers} failureSummary="More end users could not be loaded." />
    </div>
  );
}
