import { Table, tableStateOf } from '../../../components/table';
import { formatDate } from '../../../lib/format-date';
import { subscriptionStatusLabels } from '../../../lib/subscription-status-labels';
import { tierLabels } from '../../../lib/tier-labels';
import { useSubscriptions } from '../api/get-subscriptions';

const date = (isoDate: string) => <time dateTime={isoDate}>{formatDate(isoDate)}</time>;

/** The organization's subscriptions with loading, error and empty states, and "Load more". */
export function SubscriptionsTable() {
  const subscriptions = useSubscriptions();
  return (
    <div className="card">
      <Table
        caption="Your subscriptions"
        captionHidden
        rowKey={(subscription) => subscription.id}
        state={tableStateOf(subscriptions, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading your subscriptions…"
        errorSummary="Your subscriptions could not be loaded."
        empty={{ message: 'Your organization has no subscriptions yet.' }}
        pages={{ query: subscriptions, failureSummary: 'More subscriptions could not be loaded.' }}
        columns={[
          {
            key: 'tier',
            header: 'Tier',
            rowHeader: true,
            cell: (subscription) => tierLabels[subscription.tier],
          },
          { key: 'servers', header: 'Servers', numeric: true, cell: (subscription) => subscription.servers },
          { key: 'term-start', header: 'Term start', cell: (subscription) => date(subscription.termStart) },
          { key: 'term-end', header: 'Term end', cell: (subscription) => date(subscription.termEnd) },
          { key: 'currency', header: 'Currency', cell: (subscription) => subscription.currency },
          { key: 'renewal', header: 'Renewal date', cell: (subscription) => date(subscription.renewalDate) },
          {
            key: 'status',
            header: 'Status',
            cell: (subscription) => (
              <span className={`status status-${subscription.status}`}>
                {subscriptionStatusLabels[subscription.status]}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
