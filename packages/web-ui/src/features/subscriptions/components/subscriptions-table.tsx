import type { SubscriptionPage } from '@portals/domain';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { Table, tableStateOf } from '../../../components/table';
import { formatDate } from '../../../lib/format-date';
import { subscriptionStatusLabels } from '../../../lib/subscription-status-labels';
import { tierLabels } from '../../../lib/tier-labels';
import { useSubscriptions } from '../api/get-subscriptions';

const date = (isoDate: string) => <time dateTime={isoDate}>{formatDate(isoDate)}</time>;

/** How a subscriptions table speaks of whose subscriptions it lists. */
export interface SubscriptionsTableWording {
  caption: string;
  loadingMessage: string;
  errorSummary: string;
  emptyMessage: string;
}

const ownWording: SubscriptionsTableWording = {
  caption: 'Your subscriptions',
  loadingMessage: 'Loading your subscriptions…',
  errorSummary: 'Your subscriptions could not be loaded.',
  emptyMessage: 'Your organization has no subscriptions yet.',
};

/** The signed-in contact's organization's subscriptions. */
export function SubscriptionsTable() {
  return <SubscriptionsTableOf subscriptions={useSubscriptions()} wording={ownWording} />;
}

/**
 * Subscriptions page after page (whoever's: the contact's own, or an organization's as staff see it),
 * with loading, error and empty states, and "Load more".
 */
export function SubscriptionsTableOf({
  subscriptions,
  wording,
}: {
  subscriptions: UseInfiniteQueryResult<InfiniteData<SubscriptionPage>>;
  wording: SubscriptionsTableWording;
}) {
  return (
    <div className="card">
      <Table
        caption={wording.caption}
        captionHidden
        rowKey={(subscription) => subscription.id}
        state={tableStateOf(subscriptions, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage={wording.loadingMessage}
        errorSummary={wording.errorSummary}
        empty={{ message: wording.emptyMessage }}
        pages={{ query: subscriptions, failureSummary: 'More subscriptions could not be loaded.' }}
        columns={[
          {
            key: 'tier',
            header: 'Tier',
            rowHeader: true,
            cell: (subscription) => tierLabels[subscription.tier],
          },
          { key: 'servers', header: 'Servers', numeric: true, cell: (subscription) => subscription.servers },
          {
            key: 'services',
            header: 'Services',
            cell: (subscription) =>
              subscription.services.length > 0
                ? subscription.services.map((service) => service.name).join(', ')
                : 'None',
          },
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
