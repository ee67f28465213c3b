import { jsonResponse, stubFetch } from '@portals/web-ui/testing';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../testing/render-app';

describe('Dashboard', () => {
  it('shows each subscription tier with its named support accounts, from the API', async () => {
    const fetchMock = stubFetch(() =>
      jsonResponse({
        items: [
          { tier: 'basic', namedSupportAccounts: 1 },
          { tier: 'advanced', namedSupportAccounts: 1 },
          { tier: 'premium', namedSupportAccounts: 2 },
        ],
      }),
    );

    renderApp('/');

    expect(screen.getByRole('status').textContent).toContain('Loading the subscription tiers');
    const premiumRow = (await screen.findByRole('rowheader', { name: 'Premium' })).closest('tr');
    expect(premiumRow && within(premiumRow).getByRole('cell').textContent).toBe('2');
    expect(screen.getAllByRole('row').map((row) => row.textContent)).toEqual([
      'TierNamed support accounts',
      'Basic1',
      'Advanced1',
      'Premium2',
    ]);
    expect(fetchMock).toHaveBeenCalledWith('/v1/tiers', expect.objectContaining({ method: 'GET' }));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it("says the tiers could not be loaded, with the API's reason and request id, when the API fails", async () => {
    stubFetch(() =>
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
      ),
    );

    renderApp('/');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The subscription tiers could not be loaded.');
    expect(alert.textContent).toContain('The database is not reachable.');
    expect(alert.textContent).toContain('req-503-a');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says the server cannot be reached when the request fails on the network', async () => {
    stubFetch(() => {
      throw new TypeError('Failed to fetch');
    });

    renderApp('/');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The subscription tiers could not be loaded.');
    expect(alert.textContent).toContain('The server cannot be reached');
  });
});
