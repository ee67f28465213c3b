import type { StaffOverview } from '@portals/domain';
import { useId } from 'react';
import { ApiErrorMessage } from '../../../components/api-error-message';
import { formatDate } from '../../../lib/format-date';
import { useStaffOverview } from '../api/get-overview';
import { countedOf, type OverviewCard, OverviewCards, OverviewLinkTo } from './overview-cards';

/** The back office's organization directory, unfiltered: where staff who read organizations look them up. */
const directoryLink = { portal: 'subscriber', path: '/back-office/organizations' } as const;

const staffCardsOf = (overview: StaffOverview): OverviewCard[] => {
  const { unassignedTickets, assignedToMe, contactRequestsToDecide, renewalsThisMonth, overdueInvoices } =
    overview;
  const cards: OverviewCard[] = [];
  if (unassignedTickets) {
    cards.push({
      key: 'unassigned',
      heading: 'Unassigned tickets',
      portal: unassignedTickets.link.portal,
      content:
        unassignedTickets.count === 0 ? (
          <p>
            No unassigned tickets. New tickets wait in the{' '}
            <OverviewLinkTo link={unassignedTickets.link}>queue</OverviewLinkTo> until someone takes them.
          </p>
        ) : (
          <p className="overview-figure">
            <OverviewLinkTo link={unassignedTickets.link}>
              {countedOf(unassignedTickets, 'unassigned ticket', 'unassigned tickets')}
            </OverviewLinkTo>
          </p>
        ),
    });
  }
  if (assignedToMe) {
    cards.push({
      key: 'assigned-to-me',
      heading: 'Assigned to you',
      portal: assignedToMe.link.portal,
      content:
        assignedToMe.count === 0 ? (
          <p>Nothing is assigned to you. Take one of the unassigned tickets.</p>
        ) : (
          <p className="overview-figure">
            <OverviewLinkTo link={assignedToMe.link}>
              {countedOf(assignedToMe, 'open ticket', 'open tickets')} assigned to you
            </OverviewLinkTo>
          </p>
        ),
    });
  }
  if (contactRequestsToDecide) {
    cards.push({
      key: 'contact-requests',
      heading: 'Contact requests',
      portal: contactRequestsToDecide.link.portal,
      content:
        contactRequestsToDecide.count === 0 ? (
          <p>
            No requests to decide. Main contacts' requests for more technical contacts and handovers arrive
            here.
          </p>
        ) : (
          <p className="overview-figure">
            <OverviewLinkTo link={contactRequestsToDecide.link}>
              {countedOf(contactRequestsToDecide, 'request', 'requests')} to decide
            </OverviewLinkTo>
          </p>
        ),
    });
  }
  if (renewalsThisMonth) {
    const through = formatDate(renewalsThisMonth.through);
    cards.push({
      key: 'renewals',
      heading: 'Renewals this month',
      portal: renewalsThisMonth.link.portal,
      content:
        renewalsThisMonth.count === 0 ? (
          <p>
            No renewals from today through {through}. The{' '}
            <OverviewLinkTo link={directoryLink}>organization directory</OverviewLinkTo>'s Renewal filter
            looks further ahead.
          </p>
        ) : (
          <>
            <p className="overview-figure">
              <OverviewLinkTo link={renewalsThisMonth.link}>
                {countedOf(renewalsThisMonth, 'renewal', 'renewals')} this month
              </OverviewLinkTo>
            </p>
            <p className="muted">
              {renewalsThisMonth.organizations === 1
                ? 'At 1 organization'
                : `At ${renewalsThisMonth.organizations} organizations`}
              , from today through {through}.
            </p>
          </>
        ),
    });
  }
  if (overdueInvoices) {
    cards.push({
      key: 'overdue-invoices',
      heading: 'Overdue invoices',
      portal: overdueInvoices.link.portal,
      content:
        overdueInvoices.count === 0 ? (
          <p>
            No invoice is overdue. Invoices past their due date show here; customers are reminded at 7, 14 and
            30 days.
          </p>
        ) : (
          <p className="overview-figure">
            <OverviewLinkTo link={overdueInvoices.link}>
              {countedOf(overdueInvoices, 'overdue invoice', 'overdue invoices')}
            </OverviewLinkTo>
          </p>
        ),
    });
  }
  // A role without ticket or request queues (billing) is told what else it does here.
  if (!unassignedTickets && !contactRequestsToDecide) {
    cards.push({
      key: 'role',
      heading: 'What you can do',
      portal: directoryLink.portal,
      content: (
        <p>
          Look up any organization and its subscriptions in the{' '}
          <OverviewLinkTo link={directoryLink}>organization directory</OverviewLinkTo>, by its name, a
          contact's name or email, or an Order Form number.
          {overdueInvoices
            ? ' Draft and issue invoices, record payments and credit notes in the back office.'
            : ''}{' '}
          Tickets and contact requests are worked by support agents and account managers.
        </p>
      ),
    });
  }
  return cards;
};

function StaffOverviewCards({ overview }: { overview: StaffOverview }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Your queues</h2>
      <OverviewCards cards={staffCardsOf(overview)} />
    </section>
  );
}

/** A staff member's queues at a glance, as far as their permissions reach, each count a link to its list. */
export function StaffOverviewSection() {
  const overview = useStaffOverview();
  if (overview.isPending) return <p role="status">Loading your queues…</p>;
  if (overview.isError) {
    return (
      <ApiErrorMessage
        summary="Your queues could not be loaded."
        error={overview.error}
        onRetry={() => {
          overview.refetch();
        }}
      />
    );
  }
  return <StaffOverviewCards overview={overview.data} />;
}
