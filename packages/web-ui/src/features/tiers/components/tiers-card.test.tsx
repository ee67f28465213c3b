import { createSessionManager } from '@portals/api-client';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, renderPortal, stubFetch } from '../../../testing';
import { TiersCard } from './tiers-card';

const portal = {
  id: 'support' as const,
  productName: 'Test Portal',
  routes: [
    {
      path: '/',
      element: (
        <TiersCard heading="Accounts by tier" accountsColumnLabel="Named accounts">
          What each tier includes.
        </TiersCard>
      ),
    },
  ],
};

const tiers = {
  items: [
    { tier: 'basic', namedSupportAccounts: 1 },
    { tier: 'advanced', namedSupportAccounts: 1 },
    { tier: 'premium', namedSupportAccounts: 2 },
  ],
};

const serviceUnavailable = () =>
  jsonResponse(
    {
      type: 'https://portals.example/problems/service-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The database is not reachable.',
      code: 'service_unavailable',
      requestId: 'req-503-a',
    },
    { status: 503, headers: { 'content-type': 'application/problem+json' } },
  );

describe('TiersCard', () => {
  it("shows each subscription tier with its named support accounts, from the portal's API", async () => {
    const fetchMock = stubFetch(() => jsonResponse(tiers));

    renderPortal(portal, { session: createSessionManager({ baseUrl: 'https://api.test', lock: null }) });

    const card = screen.getByRole('region', { name: 'Accounts by tier' });
    expect(card.textContent).toContain('What each tier includes.');
    expect(within(card).getByRole('status').textContent).toContain('Loading the subscription tiers');
    const premiumRow = (await screen.findByRole('rowheader', { name: 'Premium' })).closest('tr');
    expect(premiumRow && within(premiumRow).getByRole('cell').textContent).toBe('2');
    expect(screen.getAllByRole('row').map((row) => row.textContent)).toEqual([
      'TierNamed accounts',
      'Basic1',
      'Advanced1',
      'Premium2',
    ]);
    expect(fetchMock).toHaveBeenCalledWith(
      'https://api.test/v1/tiers',
      expect.objectContaining({ method: 'GET' }),
    );
    expect(screen.queryByRole('status')).toBeNull();
  });

  it("says the tiers could not be loaded, with the API's reason and request id, and tries again", async () => {
    let answer = serviceUnavailable;
    stubFetch(() => answer());

    renderPortal(portal);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The subscription tiers could not be loaded.');
    expect(alert.textContent).toContain('The database is not reachable.');
    expect(alert.textContent).toContain('req-503-a');
    expect(screen.queryByRole('table')).toBeNull();

    answer = () => jsonResponse(tiers);
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('rowheader', { name: 'Premium' })).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the server cannot be reached when the request fails on the network', async () => {
    stubFetch(() => {
      throw new TypeError('Failed to fetch');
    });

    renderPortal(portal);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The subscription tiers could not be loaded.');
    expect(alert.textContent).toContain('The server cannot be reached');
  });

  it('says so when no tier is offered', async () => {
    stubFetch(() => jsonResponse({ items: [] }));

    renderPortal(portal);

    expect(await screen.findByText('No subscription tiers are offered at the moment.')).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
