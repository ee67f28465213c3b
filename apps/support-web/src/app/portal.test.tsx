import type { Me } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  renderPortal,
  stubFetch,
  testContactOverview,
  testMe,
  testStaffMe,
  testStaffOverview,
} from '@portals/web-ui/testing';
import { cleanup, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from './portal';

const tierList = { items: [{ tier: 'premium', namedSupportAccounts: 2 }] };
/** The home page's reads: the tiers signed out, the person's overview signed in. */
const homeApi = (url: string) =>
  jsonResponse(
    url.endsWith('/v1/staff/overview')
      ? testStaffOverview()
      : url.endsWith('/v1/me/overview')
        ? testContactOverview()
        : tierList,
  );

describe('Support Portal', () => {
  it('opens on its dashboard at /support, showing the tiers in its own words', async () => {
    stubFetch(homeApi);

    // The API serves the portal under /support/ (see vite.config.ts), so every link must stay inside it.
    renderPortal(portal, { basename: '/support', path: '/support' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeDefined();
    const brand = within(screen.getByRole('banner')).getByRole('link', { name: 'Support Portal' });
    expect(brand.getAttribute('href')).toBe('/support');
    expect(screen.getByRole('link', { name: 'Dashboard', current: 'page' }).getAttribute('href')).toBe(
      '/support',
    );
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/support/sign-in');
    const tiers = screen.getByRole('region', { name: 'Named support accounts by tier' });
    expect(await within(tiers).findByRole('row', { name: 'Premium 2' })).toBeDefined();
    expect(within(tiers).getByRole('columnheader', { name: 'Named support accounts' })).toBeDefined();
  });

  it('greets a signed-in staff member by name, with their account and "Sign out" in the header', async () => {
    stubFetch(homeApi);

    renderPortal(portal, {
      basename: '/support',
      path: '/support',
      session: createTestSession(testStaffMe()),
    });

    expect(await screen.findByText(/Welcome, Ada Admin/)).toBeDefined();
    const header = within(screen.getByRole('banner'));
    expect(header.getByRole('link', { name: 'Ada Admin' }).getAttribute('href')).toBe('/support/account');
    expect(header.getByRole('button', { name: 'Sign out' })).toBeDefined();
    expect(header.queryByRole('link', { name: 'Sign in' })).toBeNull();
  });

  it('shows "Your organization" in the navigation only to those who may read its subscriptions', async () => {
    stubFetch(homeApi);

    openDashboardAs(testStaffMe());
    expect(await screen.findByRole('link', { name: 'Ada Admin' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Your organization' })).toBeNull();
    cleanup();

    openDashboardAs(testMe({ permissions: ['subscription:read:org'] }));
    expect(await screen.findByRole('link', { name: 'Maria Main' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Your organization' }).getAttribute('href')).toBe(
      '/support/organization',
    );
  });
});

describe('the tickets navigation', () => {
  it('shows "Tickets" and "Open a ticket" to a contact who may, and neither to staff', async () => {
    stubFetch(homeApi);

    openDashboardAs(testMe({ permissions: ['ticket:read:own', 'ticket:write:own'] }));
    expect(await screen.findByRole('link', { name: 'Maria Main' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Tickets' }).getAttribute('href')).toBe('/support/tickets');
    expect(screen.getByRole('link', { name: 'Open a ticket' }).getAttribute('href')).toBe(
      '/support/tickets/new',
    );
    cleanup();

    openDashboardAs(testStaffMe());
    expect(await screen.findByRole('link', { name: 'Ada Admin' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Tickets' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Open a ticket' })).toBeNull();
  });
});

function openDashboardAs(me: Me) {
  return renderPortal(portal, { basename: '/support', path: '/support', session: createTestSession(me) });
}
