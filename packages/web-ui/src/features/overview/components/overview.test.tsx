import { type Me, type PortalId, permissionsByRole } from '@portals/domain';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../lib/format-date';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testContactOverview,
  testMe,
  testStaffMe,
  testStaffOverview,
} from '../../../testing';
import { HomeOverview } from './home-overview';

const mainContact = testMe({ permissions: [...permissionsByRole.main] });
const technicalContact = testMe({
  name: 'Tara Tech',
  contactRoles: ['technical'],
  permissions: [...permissionsByRole.technical],
});
const accountManager = testStaffMe({
  name: 'Max Manager',
  staffRoles: ['account_manager'],
  permissions: [...permissionsByRole.account_manager],
});
const billingStaff = testStaffMe({
  name: 'Bea Billing',
  staffRoles: ['billing'],
  permissions: [...permissionsByRole.billing],
});

const names = { support: 'Support Portal', subscriber: 'Subscriber Portal' } as const;

/** The home overview alone, in `portal` served under its base path, signed in as `me`. */
const openHome = (me: Me, portal: PortalId = 'support', portalUrls?: Record<PortalId, string>) =>
  renderPortal(
    { id: portal, productName: names[portal], routes: [{ path: '/', element: <HomeOverview /> }] },
    {
      basename: `/${portal}`,
      path: `/${portal}`,
      session: createTestSession(me),
      ...(portalUrls ? { portalUrls } : {}),
    },
  );

const card = (name: string) => within(screen.getByRole('region', { name }));
const hrefOf = (region: string, link: string | RegExp) =>
  card(region).getByRole('link', { name: link }).getAttribute('href');
const cardHeadings = () => screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);

describe("a contact's home overview", () => {
  it('shows the organization and each figure as a link to the page that acts on it, in either portal', async () => {
    const fetchMock = stubApi({ 'GET /v1/me/overview': () => jsonResponse(testContactOverview()) });
    openHome(mainContact);

    expect(await screen.findByRole('heading', { level: 2, name: 'Acme Cloud' })).toBeDefined();
    expect(screen.getByText('Welcome, Maria Main.')).toBeDefined();
    // The Support Portal leads with its own pages; the Subscriber Portal's cards follow.
    expect(cardHeadings()).toEqual([
      'Tickets',
      'Alerts',
      'Subscription',
      'Named support accounts',
      'Contact requests',
      'Invoices',
    ]);
    expect(hrefOf('Invoices', '€4,250.00 due')).toBe('/subscriber/invoices');
    expect(card('Invoices').getByRole('listitem').textContent).toBe(
      '€4,250.00 due, of which €2,970.00 overdue',
    );
    expect(hrefOf('Invoices', '1 invoice is overdue')).toBe('/subscriber/invoices?overdue=true');
    expect(hrefOf('Tickets', '3 open tickets')).toBe(
      '/support/tickets?status=new,open,pending_customer,on_hold',
    );
    expect(hrefOf('Tickets', '1 waiting on you')).toBe('/support/tickets?status=pending_customer');
    expect(hrefOf('Subscription', 'Premium')).toBe('/subscriber/subscriptions');
    expect(card('Subscription').getByRole('listitem').textContent).toBe(
      `Premium · 40 servers · renews ${formatDate('2026-12-31')}`,
    );
    expect(
      hrefOf(
        'Named support accounts',
        '3 of 3 named support accounts in use, 1 of them approved beyond the tier',
      ),
    ).toBe('/subscriber/contacts');
    expect(hrefOf('Contact requests', "1 request waits for the vendor's decision")).toBe(
      '/subscriber/contacts',
    );
    expect(hrefOf('Alerts', '1 active alert')).toBe('/support/alerts');
    expect(hrefOf('Alerts', 'Planned maintenance: Marketplace maintenance this Saturday')).toBe(
      '/support/alerts#alert-6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    );
    // She uses both portals.
    expect(screen.getByRole('link', { name: 'Open the Subscriber Portal' }).getAttribute('href')).toBe(
      '/subscriber/',
    );
    expect(calledRoutes(fetchMock)).toEqual(['GET /v1/me/overview']);
  });

  it("leads with the Subscriber Portal's cards there, and links the Support Portal's at its address", async () => {
    stubApi({ 'GET /v1/me/overview': () => jsonResponse(testContactOverview()) });
    // Under `pnpm dev` the Support Portal is on a dev server of its own.
    openHome(mainContact, 'subscriber', {
      support: 'http://localhost:5173/support',
      subscriber: 'http://localhost:5174/subscriber',
    });

    await screen.findByRole('heading', { level: 2, name: 'Acme Cloud' });
    expect(cardHeadings()).toEqual([
      'Subscription',
      'Named support accounts',
      'Contact requests',
      'Invoices',
      'Alerts',
      'Tickets',
    ]);
    // In its own portal the invoices link through the router.
    expect(hrefOf('Invoices', '€4,250.00 due')).toBe('/subscriber/invoices');
    expect(hrefOf('Subscription', 'Premium')).toBe('/subscriber/subscriptions');
    expect(hrefOf('Alerts', '1 active alert')).toBe('/subscriber/alerts');
    expect(hrefOf('Tickets', '3 open tickets')).toBe(
      'http://localhost:5173/support/tickets?status=new,open,pending_customer,on_hold',
    );
    expect(screen.getByRole('link', { name: 'Open the Support Portal' }).getAttribute('href')).toBe(
      'http://localhost:5173/support/',
    );
  });

  it('shows a technical contact what the API gives them, and no way to a portal they do not use', async () => {
    stubApi({
      'GET /v1/me/overview': () =>
        jsonResponse(
          testContactOverview({
            seats: null,
            pendingContactRequests: null,
            invoices: null,
            subscriptions: {
              ...testContactOverview().subscriptions,
              items: testContactOverview().subscriptions?.items ?? [],
              total: 1,
              link: { portal: 'support', path: '/organization' },
            },
          }),
        ),
    });
    openHome(technicalContact);

    await screen.findByRole('heading', { level: 2, name: 'Acme Cloud' });
    expect(cardHeadings()).toEqual(['Tickets', 'Subscription', 'Alerts']);
    expect(hrefOf('Subscription', 'Premium')).toBe('/support/organization');
    expect(screen.queryByRole('link', { name: /Open the/ })).toBeNull();
  });

  it('says what to do next where there is nothing yet', async () => {
    stubApi({
      'GET /v1/me/overview': () => {
        const full = testContactOverview();
        const none = { count: 0, capped: false };
        return jsonResponse(
          testContactOverview({
            subscriptions: { items: [], total: 0, link: { portal: 'subscriber', path: '/subscriptions' } },
            seats: {
              use: { included: 0, additional: 0, inUse: 1, available: 0 },
              link: { portal: 'subscriber', path: '/contacts' },
            },
            tickets: full.tickets && {
              open: { ...full.tickets.open, ...none },
              waitingOnCustomer: { ...full.tickets.waitingOnCustomer, ...none },
            },
            pendingContactRequests: full.pendingContactRequests && {
              ...full.pendingContactRequests,
              ...none,
            },
            invoices: full.invoices && {
              ...full.invoices,
              due: [],
              overdue: { ...full.invoices.overdue, ...none },
            },
            alerts: { ...full.alerts, active: 0, latest: [] },
          }),
        );
      },
    });
    openHome(mainContact);

    await screen.findByRole('heading', { level: 2, name: 'Acme Cloud' });
    expect(card('Invoices').getByText(/Nothing to pay: every invoice is settled/)).toBeDefined();
    expect(
      card('Tickets').getByText("No open tickets. Open a ticket when something needs the vendor's help."),
    ).toBeDefined();
    expect(hrefOf('Tickets', 'Open a ticket')).toBe('/support/tickets/new');
    expect(card('Subscriptions').getByText(/No subscription yet/)).toBeDefined();
    expect(card('Contact requests').getByText(/No pending requests/)).toBeDefined();
    expect(hrefOf('Contact requests', 'Contacts page')).toBe('/subscriber/contacts');
    expect(card('Alerts').getByText(/No active alerts/)).toBeDefined();
    expect(screen.queryByRole('link', { name: /^0 / })).toBeNull();
  });

  it("says the overview could not be loaded, with the API's reason, and tries again", async () => {
    let answer = () => problemResponse(503, 'service_unavailable', 'The database is not reachable.');
    stubApi({ 'GET /v1/me/overview': () => answer() });
    openHome(mainContact);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your overview could not be loaded.');
    expect(alert.textContent).toContain('The database is not reachable.');
    answer = () => jsonResponse(testContactOverview());
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Acme Cloud' })).toBeDefined();
  });
});

describe("a staff member's home overview", () => {
  it('shows the queues as links to the lists they count, capped counts as "999+"', async () => {
    const fetchMock = stubApi({
      'GET /v1/staff/overview': () =>
        jsonResponse(
          testStaffOverview({
            unassignedTickets: {
              count: 999,
              capped: true,
              link: { portal: 'support', path: '/staff/queue?view=unassigned' },
            },
          }),
        ),
    });
    openHome(accountManager, 'subscriber');

    expect(await screen.findByRole('heading', { level: 2, name: 'Your queues' })).toBeDefined();
    expect(cardHeadings()).toEqual([
      'Contact requests',
      'Renewals this month',
      'Unassigned tickets',
      'Assigned to you',
    ]);
    expect(hrefOf('Contact requests', '2 requests to decide')).toBe(
      '/subscriber/back-office/contact-requests',
    );
    expect(hrefOf('Renewals this month', '4 renewals this month')).toBe(
      '/subscriber/back-office/organizations?renewalWithinDays=12',
    );
    expect(
      card('Renewals this month').getByText(
        `At 3 organizations, from today through ${formatDate('2026-05-31')}.`,
      ),
    ).toBeDefined();
    expect(hrefOf('Unassigned tickets', '999+ unassigned tickets')).toBe(
      '/support/staff/queue?view=unassigned',
    );
    expect(hrefOf('Assigned to you', '2 open tickets assigned to you')).toBe(
      '/support/staff/queue?view=mine',
    );
    expect(screen.getByRole('link', { name: 'Open the Support Portal' }).getAttribute('href')).toBe(
      '/support/',
    );
    expect(calledRoutes(fetchMock)).toEqual(['GET /v1/staff/overview']);
  });

  it('tells billing staff what they can do, and offers no portal they have nothing to do in', async () => {
    stubApi({
      'GET /v1/staff/overview': () =>
        jsonResponse(
          testStaffOverview({
            unassignedTickets: null,
            assignedToMe: null,
            contactRequestsToDecide: null,
            renewalsThisMonth: {
              count: 0,
              capped: false,
              organizations: 0,
              through: '2026-05-31',
              link: { portal: 'subscriber', path: '/back-office/organizations?renewalWithinDays=12' },
            },
            overdueInvoices: {
              count: 2,
              capped: false,
              link: { portal: 'subscriber', path: '/back-office/invoices?overdue=true' },
            },
          }),
        ),
    });
    openHome(billingStaff, 'subscriber');

    await screen.findByRole('heading', { level: 2, name: 'Your queues' });
    expect(cardHeadings()).toEqual(['Renewals this month', 'Overdue invoices', 'What you can do']);
    expect(hrefOf('Overdue invoices', '2 overdue invoices')).toBe(
      '/subscriber/back-office/invoices?overdue=true',
    );
    expect(
      card('Renewals this month').getByText(`No renewals from today through ${formatDate('2026-05-31')}.`, {
        exact: false,
      }),
    ).toBeDefined();
    expect(hrefOf('What you can do', 'organization directory')).toBe('/subscriber/back-office/organizations');
    expect(screen.queryByRole('link', { name: /Open the/ })).toBeNull();
  });

  it('says what to do next when the queues are empty', async () => {
    const empty = testStaffOverview();
    const none = { count: 0, capped: false };
    stubApi({
      'GET /v1/staff/overview': () =>
        jsonResponse({
          unassignedTickets: empty.unassignedTickets && { ...empty.unassignedTickets, ...none },
          assignedToMe: empty.assignedToMe && { ...empty.assignedToMe, ...none },
          contactRequestsToDecide: empty.contactRequestsToDecide && {
            ...empty.contactRequestsToDecide,
            ...none,
          },
          renewalsThisMonth: empty.renewalsThisMonth && {
            ...empty.renewalsThisMonth,
            ...none,
            organizations: 0,
          },
          overdueInvoices: null,
        }),
    });
    openHome(accountManager);

    await screen.findByRole('heading', { level: 2, name: 'Your queues' });
    expect(card('Unassigned tickets').getByText(/No unassigned tickets/)).toBeDefined();
    expect(hrefOf('Unassigned tickets', 'queue')).toBe('/support/staff/queue?view=unassigned');
    expect(
      card('Assigned to you').getByText('Nothing is assigned to you. Take one of the unassigned tickets.'),
    ).toBeDefined();
    expect(card('Contact requests').getByText(/No requests to decide/)).toBeDefined();
    expect(card('Renewals this month').getByText(/No renewals from today/)).toBeDefined();
    // An account manager has queues: no "What you can do".
    expect(screen.queryByRole('region', { name: 'What you can do' })).toBeNull();
  });

  it('asks nothing of the API for an administrator whose rights wait for two-factor sign-in', async () => {
    const fetchMock = stubApi({});
    openHome(testStaffMe({ permissions: [], twoFactorRequired: true }));

    expect(await screen.findByText('Welcome, Ada Admin.')).toBeDefined();
    expect(calledRoutes(fetchMock)).toEqual([]);
    expect(screen.queryByRole('heading', { level: 2 })).toBeNull();
  });
});
