import {
  type Actor,
  assertCan,
  type ContactOverview,
  can,
  hasPermission,
  type OverviewCount,
  type OverviewLink,
  overviewAlertLimit,
  overviewCountCap,
  overviewSubscriptionLimit,
  permissionsFor,
  portalsOf,
  type StaffOverview,
  seatUse,
  unresolvedTicketStatuses,
} from '@portals/domain';
import { type DatabaseAccess, organizationScopeOf, readScoped, scopeOf } from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { listActiveAlertsForReader } from '../alerts/repository';
import { countPendingContactRequests } from '../contact-requests/repository';
import { findSeatFacts } from '../contacts/repository';
import { countOverdueInvoices, invoiceTotalsByCurrency } from '../invoices/repository';
import { dayOf } from '../invoices/service';
import { findOwnOrganization } from '../organizations/repository';
import { countRenewalsThisMonth, listSubscriptionsForOverview } from '../subscriptions/repository';
import { countVisibleTicketsUpTo } from '../tickets/service';

/** Each count reads one row past the cap, which tells a capped figure from an exact one. */
const readUpTo = overviewCountCap + 1;

const figure = (counted: number, link: OverviewLink): OverviewCount => ({
  count: Math.min(counted, overviewCountCap),
  capped: counted > overviewCountCap,
  link,
});

/** The pages that act on each figure, in the portal where they are (paths below its base). */
const unresolved = unresolvedTicketStatuses.join(',');
const links = {
  openTickets: { portal: 'support', path: `/tickets?status=${unresolved}` },
  waitingOnCustomer: { portal: 'support', path: '/tickets?status=pending_customer' },
  contacts: { portal: 'subscriber', path: '/contacts' },
  subscriptions: { portal: 'subscriber', path: '/subscriptions' },
  // A technical contact reads the subscriptions on the Support Portal's organization page.
  supportOrganization: { portal: 'support', path: '/organization' },
  // Both portals have the alerts page.
  alerts: { portal: null, path: '/alerts' },
  unassignedTickets: { portal: 'support', path: '/staff/queue?view=unassigned' },
  assignedToMe: { portal: 'support', path: '/staff/queue?view=mine' },
  contactRequestsToDecide: { portal: 'subscriber', path: '/back-office/contact-requests' },
  invoices: { portal: 'subscriber', path: '/invoices' },
  overdueInvoices: { portal: 'subscriber', path: '/invoices?overdue=true' },
  overdueInvoicesOfEveryone: { portal: 'subscriber', path: '/back-office/invoices?overdue=true' },
  renewals: (withinDays: number) =>
    ({
      portal: 'subscriber',
      path: `/back-office/organizations?renewalWithinDays=${withinDays}`,
    }) satisfies OverviewLink,
} as const satisfies Record<string, OverviewLink | ((withinDays: number) => OverviewLink)>;

/**
 * A contact's overview in one round trip: each part's query goes out in one batch with the scope's
 * opening (readScoped), only for the parts the contact's permissions (a token's scopes included) reach.
 * Tickets are counted with the lists' own filter and privacy rule; seats by the domain's `seatUse`.
 */
export const getContactOverview = async (
  db: DatabaseAccess,
  actor: Actor,
  now: Date,
): Promise<ContactOverview> => {
  const scope = organizationScopeOf(
    actor,
    'Only contacts of an organization have this overview: staff read theirs at /v1/staff/overview',
  );
  const { organizationId } = scope;
  assertCan(actor, 'organization:read:org', { organizationId });
  const readsSubscriptions = can(actor, 'subscription:read:org', { organizationId });
  const readsContacts = can(actor, 'contact:read:org', { organizationId });
  const readsTickets = scope.ticketAudience !== 'none';
  const readsInvoices = can(actor, 'invoice:read:org', { organizationId });
  const today = dayOf(now);
  const invoiceFilter = { organizationId, includeDrafts: false, today };
  const [
    organization,
    subscriptionRows,
    seatFacts,
    openTickets,
    waitingOnCustomer,
    pendingRequests,
    alerts,
    invoicesDue,
    overdueInvoices,
  ] = await readScoped(db, scope, (tx) => [
    findOwnOrganization(tx, organizationId),
    readsSubscriptions
      ? listSubscriptionsForOverview(tx, organizationId, overviewSubscriptionLimit)
      : undefined,
    readsContacts ? findSeatFacts(tx, organizationId) : undefined,
    readsTickets
      ? countVisibleTicketsUpTo(tx, actor, scope, { status: [...unresolvedTicketStatuses] }, readUpTo)
      : undefined,
    readsTickets
      ? countVisibleTicketsUpTo(tx, actor, scope, { status: ['pending_customer'] }, readUpTo)
      : undefined,
    readsContacts ? countPendingContactRequests(tx, { organizationId, upTo: readUpTo }) : undefined,
    listActiveAlertsForReader(
      tx,
      { organizationId, userId: actor.userId },
      { limit: overviewAlertLimit, upTo: readUpTo },
    ),
    readsInvoices ? invoiceTotalsByCurrency(tx, invoiceFilter) : undefined,
    readsInvoices ? countOverdueInvoices(tx, { organizationId, today, upTo: readUpTo }) : undefined,
  ]);
  if (!organization) throw notFound('Your organization');
  const usesSubscriberPortal = portalsOf(permissionsFor(actor, organization.kind)).includes('subscriber');
  return {
    organization: { id: organization.id, name: organization.name, kind: organization.kind },
    subscriptions: subscriptionRows
      ? {
          items: subscriptionRows.map((row) => ({
            id: row.id,
            tier: row.tier,
            servers: row.servers,
            status: row.status,
            renewalDate: row.termEnd,
          })),
          total: subscriptionRows[0]?.total ?? 0,
          link: usesSubscriberPortal ? links.subscriptions : links.supportOrganization,
        }
      : null,
    seats: seatFacts ? { use: seatUse(seatFacts.tier, seatFacts.contacts), link: links.contacts } : null,
    tickets:
      openTickets === undefined || waitingOnCustomer === undefined
        ? null
        : {
            open: figure(openTickets, links.openTickets),
            waitingOnCustomer: figure(waitingOnCustomer, links.waitingOnCustomer),
          },
    pendingContactRequests: pendingRequests === undefined ? null : figure(pendingRequests, links.contacts),
    invoices:
      invoicesDue === undefined || overdueInvoices === undefined
        ? null
        : {
            due: invoicesDue
              .map((total) => ({
                currency: total.currency,
                dueMinor: Number(total.due_minor),
                overdueMinor: Number(total.overdue_minor),
              }))
              .filter((total) => total.dueMinor > 0),
            overdue: figure(overdueInvoices, links.overdueInvoices),
            link: links.invoices,
          },
    alerts: {
      active: Math.min(alerts.active, overviewCountCap),
      capped: alerts.active > overviewCountCap,
      latest: alerts.latest.map((alert) => ({
        ...alert,
        publishedAt: new Date(alert.publishedAt).toISOString(),
      })),
      link: links.alerts,
    },
  };
};

/**
 * A staff member's queues in one round trip (readScoped), each figure only when their permissions reach
 * it: the ticket queues as the staff queue lists them, the requests to decide, the renewals left this month.
 */
export const getStaffOverview = async (
  db: DatabaseAccess,
  actor: Actor,
  now: Date,
): Promise<StaffOverview> => {
  // The route admits staff permissions only, but an API token or a future role must not reach staff figures.
  if (actor.kind !== 'staff') {
    throw new AppError(
      'forbidden',
      "Only the vendor's staff have this overview: contacts read /v1/me/overview",
    );
  }
  const scope = scopeOf(actor);
  const worksTickets = hasPermission(actor, 'ticket:work:any') && scope.ticketAudience === 'any';
  const decidesRequests = hasPermission(actor, 'contact_request:decide:any');
  const readsRenewals =
    hasPermission(actor, 'subscription:read:any') && hasPermission(actor, 'organization:read:any');
  const readsInvoices = hasPermission(actor, 'invoice:read:any');
  const [unassigned, assignedToMe, toDecide, renewals, overdueInvoices] = await readScoped(
    db,
    scope,
    (tx) => [
      worksTickets ? countVisibleTicketsUpTo(tx, actor, scope, { view: 'unassigned' }, readUpTo) : undefined,
      worksTickets
        ? countVisibleTicketsUpTo(
            tx,
            actor,
            scope,
            { view: 'assigned_to_me', status: [...unresolvedTicketStatuses] },
            readUpTo,
          )
        : undefined,
      decidesRequests ? countPendingContactRequests(tx, { upTo: readUpTo }) : undefined,
      readsRenewals ? countRenewalsThisMonth(tx, readUpTo) : undefined,
      readsInvoices ? countOverdueInvoices(tx, { today: dayOf(now), upTo: readUpTo }) : undefined,
    ],
  );
  return {
    unassignedTickets: unassigned === undefined ? null : figure(unassigned, links.unassignedTickets),
    assignedToMe: assignedToMe === undefined ? null : figure(assignedToMe, links.assignedToMe),
    contactRequestsToDecide: toDecide === undefined ? null : figure(toDecide, links.contactRequestsToDecide),
    renewalsThisMonth: renewals
      ? {
          ...figure(renewals.subscriptions, links.renewals(renewals.withinDays)),
          organizations: Math.min(renewals.organizations, overviewCountCap),
          through: renewals.through,
        }
      : null,
    overdueInvoices:
      overdueInvoices === undefined ? null : figure(overdueInvoices, links.overdueInvoicesOfEveryone),
  };
};
