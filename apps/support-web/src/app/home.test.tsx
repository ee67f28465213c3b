import { permissionsByRole, unresolvedTicketStatuses } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  renderPortal,
  type StubbedRequest,
  stubApi,
  testContactOverview,
  testMe,
  testStaffMe,
  testStaffOverview,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from './portal';

const page = { items: [], nextCursor: null };
const noCounts = {
  counts: { new: 0, open: 0, pending_customer: 0, on_hold: 0, solved: 0, closed: 0 },
  total: 0,
};

const openHome = (me = testMe({ permissions: [...permissionsByRole.main] })) =>
  renderPortal(portal, { basename: '/support', path: '/support', session: createTestSession(me) });

const region = (name: string) => within(screen.getByRole('region', { name }));

// The first test of the file also waits for the lazy pages to compile on a busy machine.
describe("the Support Portal's dashboard", { timeout: 15_000 }, () => {
  it("shows a contact their organization's overview and opens the tickets a figure counts", async () => {
    const listed: StubbedRequest[] = [];
    stubApi({
      'GET /v1/me/overview': () => jsonResponse(testContactOverview()),
      'GET /v1/tickets': (request) => {
        listed.push(request);
        return jsonResponse(page);
      },
      'GET /v1/tickets/counts': () => jsonResponse(noCounts),
      'GET /v1/products': () => jsonResponse({ items: [] }),
      'GET /v1/contacts/colleagues': () => jsonResponse({ items: [] }),
      'GET /v1/alerts': () => jsonResponse({ items: [] }),
    });
    openHome();

    expect(await screen.findByRole('heading', { level: 2, name: 'Acme Cloud' })).toBeDefined();
    expect(screen.queryByRole('region', { name: 'Named support accounts by tier' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open the Subscriber Portal' }).getAttribute('href')).toBe(
      '/subscriber/',
    );

    fireEvent.click(region('Tickets').getByRole('link', { name: '1 waiting on you' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Tickets' })).toBeDefined();
    await waitFor(() => expect(listed.at(-1)?.url.searchParams.get('status')).toBe('pending_customer'));
  });

  it("shows staff their queues and opens the queue's view a count names", async () => {
    const listed: StubbedRequest[] = [];
    stubApi({
      'GET /v1/staff/overview': () => jsonResponse(testStaffOverview()),
      'GET /v1/tickets': (request) => {
        listed.push(request);
        return jsonResponse(page);
      },
      'GET /v1/tickets/counts': () => jsonResponse(noCounts),
      'GET /v1/staff/members': () => jsonResponse(page),
    });
    openHome(
      testStaffMe({
        name: 'Sam Support',
        staffRoles: ['support_agent'],
        permissions: [...permissionsByRole.support_agent],
      }),
    );

    expect(await screen.findByRole('heading', { level: 2, name: 'Your queues' })).toBeDefined();
    fireEvent.click(region('Assigned to you').getByRole('link', { name: '2 open tickets assigned to you' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Queue' })).toBeDefined();
    const views = within(screen.getByRole('navigation', { name: 'Queue views' }));
    expect(views.getByRole('button', { name: /^Mine/, pressed: true })).toBeDefined();
    // The view lists what the figure counted: the agent's unresolved tickets.
    await waitFor(() => expect(listed.at(-1)?.url.searchParams.get('view')).toBe('assigned_to_me'));
    expect(listed.at(-1)?.url.searchParams.get('status')).toBe(unresolvedTicketStatuses.join(','));

    fireEvent.click(views.getByRole('button', { name: /^Unassigned/ }));
    await waitFor(() => expect(listed.at(-1)?.url.searchParams.get('view')).toBe('unassigned'));
    expect(views.getByRole('button', { name: /^Unassigned/, pressed: true })).toBeDefined();
  });

  it('keeps the tiers for signed-out visitors, and asks for no overview', async () => {
    const fetchMock = stubApi({
      'GET /v1/tiers': () => jsonResponse({ items: [{ tier: 'premium', namedSupportAccounts: 2 }] }),
    });
    renderPortal(portal, { basename: '/support', path: '/support' });

    expect(await screen.findByRole('row', { name: 'Premium 2' })).toBeDefined();
    expect(
      fetchMock.mock.calls.some(([url]) => String(url).includes('/overview')),
      'no overview asked',
    ).toBe(false);
  });
});
