import { jsonResponse, renderPortal, stubFetch } from '@portals/web-ui/testing';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from './portal';

describe('Subscriber Portal', () => {
  it('opens on its overview at /subscriber, showing the tiers in its own words', async () => {
    stubFetch(() => jsonResponse({ items: [{ tier: 'premium', namedSupportAccounts: 2 }] }));

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
});
