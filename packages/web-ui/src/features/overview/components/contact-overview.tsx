import {
  type ContactOverview,
  describeSeatUse,
  formatMoney,
  type OrganizationKind,
  type OverviewSubscription,
} from '@portals/domain';
import { useId } from 'react';
import { ApiErrorMessage } from '../../../components/api-error-message';
import { useCan } from '../../../lib/auth';
import { formatDate } from '../../../lib/format-date';
import { tierLabels } from '../../../lib/tier-labels';
import { alertKindLabels } from '../../alerts/alert-labels';
import { useContactOverview } from '../api/get-overview';
import { amountOf, countedOf, type OverviewCard, OverviewCards, OverviewLinkTo } from './overview-cards';

const organizationKindLabels: Record<OrganizationKind, string> = {
  customer: 'Customer',
  partner: 'Partner',
};

/** Where a ticket is opened: the Support Portal's page. */
const newTicketLink = { portal: 'support', path: '/tickets/new' } as const;

/** "renews 31 Dec 2026", "ended 31 Dec 2025", "cancelled". */
const termOf = (subscription: OverviewSubscription): string => {
  switch (subscription.status) {
    case 'active':
      return `renews ${formatDate(subscription.renewalDate)}`;
    case 'expired':
      return `ended ${formatDate(subscription.renewalDate)}`;
    case 'cancelled':
      return 'cancelled';
  }
};

/** The cards of what the contact may see: a part the API left out (null) has none. */
const useContactCards = (overview: ContactOverview): OverviewCard[] => {
  const can = useCan();
  const { tickets, subscriptions, seats, pendingContactRequests, invoices, alerts } = overview;
  const cards: OverviewCard[] = [];
  if (tickets) {
    const { open, waitingOnCustomer } = tickets;
    cards.push({
      key: 'tickets',
      heading: 'Tickets',
      portal: open.link.portal,
      content:
        open.count === 0 ? (
          <>
            <p>No open tickets. Open a ticket when something needs the vendor's help.</p>
            {can('ticket:write:own') ? (
              <p>
                <OverviewLinkTo link={newTicketLink}>Open a ticket</OverviewLinkTo>
              </p>
            ) : null}
          </>
        ) : (
          <>
            <p className="overview-figure">
              <OverviewLinkTo link={open.link}>
                {countedOf(open, 'open ticket', 'open tickets')}
              </OverviewLinkTo>
            </p>
            <p>
              {waitingOnCustomer.count === 0 ? (
                'None waits on you: the vendor is on it.'
              ) : (
                <OverviewLinkTo link={waitingOnCustomer.link}>
                  {amountOf(waitingOnCustomer)} waiting on you
                </OverviewLinkTo>
              )}
            </p>
          </>
        ),
    });
  }
  if (subscriptions) {
    const more = subscriptions.total - subscriptions.items.length;
    cards.push({
      key: 'subscriptions',
      heading: subscriptions.total === 1 ? 'Subscription' : 'Subscriptions',
      portal: subscriptions.link.portal,
      content:
        subscriptions.total === 0 ? (
          <p>No subscription yet. It shows here once the vendor processes your organization's Order Form.</p>
        ) : (
          <>
            <ul className="overview-list">
              {subscriptions.items.map((subscription) => (
                <li key={subscription.id}>
                  <OverviewLinkTo link={subscriptions.link}>{tierLabels[subscription.tier]}</OverviewLinkTo>
                  {` · ${subscription.servers} server${subscription.servers === 1 ? '' : 's'} · ${termOf(subscription)}`}
                </li>
              ))}
            </ul>
            {more > 0 ? (
              <p>
                <OverviewLinkTo link={subscriptions.link}>
                  and {more} more subscription{more === 1 ? '' : 's'}
                </OverviewLinkTo>
              </p>
            ) : null}
          </>
        ),
    });
  }
  if (seats) {
    cards.push({
      key: 'seats',
      heading: 'Named support accounts',
      portal: seats.link.portal,
      content: (
        <>
          <p>
            <OverviewLinkTo link={seats.link}>{describeSeatUse(seats.use)}</OverviewLinkTo>
          </p>
          {can('contact:manage:org') ? (
            <p className="muted">
              {seats.use.available > 0
                ? `You may add ${seats.use.available} more technical contact${seats.use.available === 1 ? '' : 's'}.`
                : 'Every seat is in use: request an additional technical contact on the Contacts page.'}
            </p>
          ) : null}
        </>
      ),
    });
  }
  if (pendingContactRequests) {
    cards.push({
      key: 'contact-requests',
      heading: 'Contact requests',
      portal: pendingContactRequests.link.portal,
      content:
        pendingContactRequests.count === 0 ? (
          can('contact_request:create:org') ? (
            <p>
              No pending requests. Ask for another technical contact or a main contact handover on the{' '}
              <OverviewLinkTo link={pendingContactRequests.link}>Contacts page</OverviewLinkTo>.
            </p>
          ) : (
            <p>No requests wait for the vendor's decision.</p>
          )
        ) : (
          <p className="overview-figure">
            <OverviewLinkTo link={pendingContactRequests.link}>
              {countedOf(pendingContactRequests, 'request waits', 'requests wait')} for the vendor's decision
            </OverviewLinkTo>
          </p>
        ),
    });
  }
  if (invoices) {
    cards.push({
      key: 'invoices',
      heading: 'Invoices',
      portal: invoices.link.portal,
      content:
        invoices.due.length === 0 ? (
          <p>
            Nothing to pay: every invoice is settled. New invoices arrive by email and in the{' '}
            <OverviewLinkTo link={invoices.link}>invoices list</OverviewLinkTo>.
          </p>
        ) : (
          <>
            <ul className="overview-list">
              {invoices.due.map((total) => (
                <li key={total.currency}>
                  <OverviewLinkTo link={invoices.link}>
                    {formatMoney(total.dueMinor, total.currency)} due
                  </OverviewLinkTo>
                  {total.overdueMinor > 0
                    ? `, of which ${formatMoney(total.overdueMinor, total.currency)} overdue`
                    : ''}
                </li>
              ))}
            </ul>
            <p>
              {invoices.overdue.count === 0 ? (
                'None is overdue.'
              ) : (
                <OverviewLinkTo link={invoices.overdue.link}>
                  {countedOf(invoices.overdue, 'invoice is overdue', 'invoices are overdue')}
                </OverviewLinkTo>
              )}
            </p>
          </>
        ),
    });
  }
  cards.push({
    key: 'alerts',
    heading: 'Alerts',
    portal: alerts.link.portal,
    content:
      alerts.active === 0 ? (
        <p>
          No active alerts. The vendor's security advisories, maintenance and incidents show here when they
          concern you.
        </p>
      ) : (
        <>
          <p className="overview-figure">
            <OverviewLinkTo link={alerts.link}>
              {countedOf({ count: alerts.active, capped: alerts.capped }, 'active alert', 'active alerts')}
            </OverviewLinkTo>
          </p>
          <ul className="overview-list">
            {alerts.latest.map((alert) => (
              <li key={alert.id}>
                <OverviewLinkTo link={{ ...alerts.link, path: `${alerts.link.path}#alert-${alert.id}` }}>
                  {alertKindLabels[alert.kind]}: {alert.title}
                </OverviewLinkTo>
              </li>
            ))}
          </ul>
        </>
      ),
  });
  return cards;
};

function ContactOverviewCards({ overview }: { overview: ContactOverview }) {
  const headingId = useId();
  const cards = useContactCards(overview);
  return (
    <section aria-labelledby={headingId}>
      <div className="overview-header">
        <h2 id={headingId}>{overview.organization.name}</h2>
        <span className="muted">{organizationKindLabels[overview.organization.kind]}</span>
      </div>
      <OverviewCards cards={cards} />
    </section>
  );
}

/**
 * A contact's overview: their organization, what it holds and what waits, each figure a link to the page
 * that acts on it (in this portal or the other).
 */
export function ContactOverviewSection() {
  const overview = useContactOverview();
  if (overview.isPending) return <p role="status">Loading your overview…</p>;
  if (overview.isError) {
    return (
      <ApiErrorMessage
        summary="Your overview could not be loaded."
        error={overview.error}
        onRetry={() => {
          overview.refetch();
        }}
      />
    );
  }
  return <ContactOverviewCards overview={overview.data} />;
}
