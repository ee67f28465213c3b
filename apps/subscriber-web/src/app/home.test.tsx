import { permissionsByRole } from '@portals/domain';
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

const emptyPage = { items: [], nextCursor: null };

const openHome = (me = testMe({ permissions: [...permissionsByRole.main] })) =>
  renderPortal(portal, { basename: '/subscriber', path: '/subscriber', session: createTestSession(me) });

const region = (name: string) => within(screen.getByRole('region', { name }));

// The first test of the file also waits for the lazy pages to compile on a busy machine.
describe("the Subscriber Portal's overview", { timeout: 15_000 }, () => {
  it('shows the main contact their organization, subscription and seats first, and the way to the Support Portal', async () => {
    stubApi({
      'GET /v1/me/overview': () => jsonResponse(testContactOverview()),
      'GET /v1/alerts': () => jsonResponse({ items: [] }),
    });
    openHome();

    expect(await screen.findByRole('heading', { level: 2, name: 'Acme Cloud' })).toBeDefined();
    const headings = screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);
    expect(headings[0]).toBe('Subscription');
    expect(region('Subscription').getByRole('link', { name: 'Premium' }).getAttribute('href')).toBe(
      '/subscriber/subscriptions',
    );
    expect(region('Tickets').getByRole('link', { name: '3 open tickets' }).getAttribute('href')).toBe(
      '/support/tickets?status=new,open,pending_customer,on_hold',
    );
    expect(screen.getByRole('link', { name: 'Open the Support Portal' }).getAttribute('href')).toBe(
      '/support/',
    );
  });

  it('offers an administrative contact no way to the Support Portal, which they do not use', async () => {
    stubApi({
      'GET /v1/me/overview': () => jsonResponse(testContactOverview({ tickets: null })),
      'GET /v1/alerts': () => jsonResponse({ items: [] }),
    });
    openHome(
      testMe({
        name: 'Alan Admin',
        contactRoles: ['administrative'],
        permissions: [...permissionsByRole.administrative],
      }),
    );

    expect(await screen.findByRole('heading', { level: 2, name: 'Acme Cloud' })).toBeDefined();
    expect(screen.queryByRole('region', { name: 'Tickets' })).toBeNull();
    expect(screen.queryByRole('link', { name: /Open the/ })).toBeNull();
  });

  it('takes an account manager from "4 renewals this month" to the directory filtered to them', async () => {
    const searched: StubbedRequest[] = [];
    stubApi({
      'GET /v1/staff/overview': () => jsonResponse(testStaffOverview()),
      'GET /v1/staff/contact-requests/counts': () => jsonResponse({ pending: 2 }),
      'GET /v1/staff/organizations': (request) => {
        searched.push(request);
        return jsonResponse(emptyPage);
      },
    });
    openHome(
      testStaffMe({
        name: 'Max Manager',
        staffRoles: ['account_manager'],
        permissions: [...permissionsByRole.account_manager],
      }),
    );

    expect(await screen.findByRole('heading', { level: 2, name: 'Your queues' })).toBeDefined();
    expect(
      region('Contact requests').getByRole('link', { name: '2 requests to decide' }).getAttribute('href'),
    ).toBe('/subscriber/back-office/contact-requests');
    fireEvent.click(region('Renewals this month').getByRole('link', { name: '4 renewals this month' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Organizations' })).toBeDefined();
    const renewal = screen.getByLabelText('Renewal') as HTMLSelectElement;
    expect(renewal.value).toBe('12');
    expect(renewal.selectedOptions[0]?.textContent).toBe('Within 12 days');
    await waitFor(() => expect(searched.at(-1)?.url.searchParams.get('renewalWithinDays')).toBe('12'));
  });
});
