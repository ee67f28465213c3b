import type { Permission } from '@portals/domain';
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

const navigationLinks = () =>
  within(screen.getByRole('navigation', { name: 'Main' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('Subscriber Portal', () => {
  it('opens on its overview at /subscriber, showing the tiers in its own words', async () => {
    stubFetch(homeApi);

    // The API serves the portal under /subscriber/ (see vite.config.ts), so every link must stay inside it.
    renderPortal(portal, { basename: '/subscriber', path: '/subscriber' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeDefined();
    const brand = within(screen.getByRole('banner')).getByRole('link', { name: 'Subscriber Portal' });
    expect(brand.getAttribute('href')).toBe('/subscriber');
    expect(screen.getByRole('link', { name: 'Overview', current: 'page' }).getAttribute('href')).toBe(
      '/subscriber',
    );
    const tiers = screen.getByRole('region', { name: 'Subscription tiers' });
    expect(await within(tiers).findByRole('row', { name: 'Premium 2' })).toBeDefined();
    expect(
      within(tiers).getByRole('columnheader', { name: 'Named Support Portal accounts included' }),
    ).toBeDefined();
  });

  it('shows "Subscriptions" in the navigation to a contact who may read their organization\'s', async () => {
    stubFetch(homeApi);

    renderPortal(portal, {
      basename: '/subscriber',
      path: '/subscriber',
      session: createTestSession(testMe()),
    });

    expect(await screen.findByRole('link', { name: 'Maria Main' })).toBeDefined();
    expect(navigationLinks()).toEqual(['Overview', 'Subscriptions']);
    expect(screen.getByRole('link', { name: 'Subscriptions' }).getAttribute('href')).toBe(
      '/subscriber/subscriptions',
    );
  });

  it('hides "Subscriptions" from staff, who lack subscription:read:org, and from signed-out visitors', async () => {
    stubFetch(homeApi);

    renderPortal(portal, {
      basename: '/subscriber',
      path: '/subscriber',
      session: createTestSession(testStaffMe()),
    });

    expect(await screen.findByRole('link', { name: 'Ada Admin' })).toBeDefined();
    expect(navigationLinks()).toEqual(['Overview', 'Organizations']);
    expect(screen.queryByRole('link', { name: /subscriptions/i })).toBeNull();
  });

  it('hides "Subscriptions" from a contact whose permissions lack it', async () => {
    stubFetch(homeApi);

    renderPortal(portal, {
      basename: '/subscriber',
      path: '/subscriber',
      session: createTestSession(testMe({ name: 'Tara Tech', contactRoles: ['technical'], permissions: [] })),
    });

    expect(await screen.findByRole('link', { name: 'Tara Tech' })).toBeDefined();
    expect(navigationLinks()).toEqual(['Overview']);
  });

  it.each([
    ['Contacts', 'contact:read:org'],
    ['End users', 'partner_end_users:read:org'],
    ['Contact requests', 'contact_request:read:any'],
  ] as const)('shows "%s" in the navigation only with %s', async (label, permission) => {
    stubFetch(homeApi);
    const others = ['contact:read:org', 'partner_end_users:read:org', 'contact_request:read:any'] as const;

    renderPortalWith(others.filter((other) => other !== permission));
    expect(await screen.findByRole('link', { name: 'Pat Person' })).toBeDefined();
    expect(navigationLinks()).not.toContain(label);
    cleanup();

    renderPortalWith([permission]);
    expect(await screen.findByRole('link', { name: 'Pat Person' })).toBeDefined();
    expect(navigationLinks()).toContain(label);
  });
});

function renderPortalWith(permissions: Permission[]) {
  return renderPortal(portal, {
    basename: '/subscriber',
    path: '/subscriber',
    session: createTestSession(testMe({ name: 'Pat Person', permissions })),
  });
}
