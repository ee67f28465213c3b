import { jsonResponse, renderPortal, stubFetch } from '@portals/web-ui/testing';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from './portal';

describe('Support Portal', () => {
  it('opens on its dashboard at /support, showing the tiers in its own words', async () => {
    stubFetch(() => jsonResponse({ items: [{ tier: 'premium', namedSupportAccounts: 2 }] }));

    // The API serves the portal under /support/ (see vite.config.ts), so every link must stay inside it.
    renderPortal(portal, { basename: '/support', path: '/support' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeDefined();
    const brand = within(screen.getByRole('banner')).getByRole('link', { name: 'Support Portal' });
    expect(brand.getAttribute('href')).toBe('/support');
    expect(screen.getByRole('link', { name: 'Dashboard', current: 'page' }).getAttribute('href')).toBe(
      '/support',
    );
    const tiers = screen.getByRole('region', { name: 'Named support accounts by tier' });
    expect(await within(tiers).findByRole('row', { name: 'Premium 2' })).toBeDefined();
    expect(within(tiers).getByRole('columnheader', { name: 'Named support accounts' })).toBeDefined();
  });
});
