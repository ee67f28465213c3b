import {
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubFetch,
  testMe,
  testSubscription,
} from '@portals/web-ui/testing';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from './portal';

const subscription = testSubscription;

const openSubscriptions = () =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: '/subscriber/subscriptions',
    session: createTestSession(testMe()),
  });

const rowTexts = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      Array.from(row.children).map(
        (cell) => cell.querySelector('time')?.getAttribute('datetime') ?? cell.textContent,
      ),
    );

describe('the Subscriptions page', () => {
  it("lists the organization's subscriptions: tier, servers, services, term start and end, currency, renewal date, status", async () => {
    stubFetch(() =>
      jsonResponse({
        items: [
          subscription({}),
          subscription({
            id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
            tier: 'basic',
            servers: 2,
            termStart: '2024-03-01',
            termEnd: '2025-02-28',
            renewalDate: '2025-02-28',
            status: 'expired',
            currency: 'USD',
            services: [{ id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', name: 'OpenNebula Enterprise Edition' }],
          }),
        ],
        nextCursor: null,
      }),
    );

    openSubscriptions();

    expect(await screen.findByRole('heading', { level: 1, name: 'Subscriptions' })).toBeDefined();
    await screen.findByRole('table');
    expect(screen.getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Tier',
      'Servers',
      'Services',
      'Term start',
      'Term end',
      'Currency',
      'Renewal date',
      'Status',
    ]);
    expect(rowTexts()).toEqual([
      ['Premium', '12', 'None', '2026-01-01', '2026-12-31', 'EUR', '2026-12-31', 'Active'],
      [
        'Basic',
        '2',
        'OpenNebula Enterprise Edition',
        '2024-03-01',
        '2025-02-28',
        'USD',
        '2025-02-28',
        'Expired',
      ],
    ]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says so when the organization has no subscriptions', async () => {
    stubFetch(() => jsonResponse({ items: [], nextCursor: null }));

    openSubscriptions();

    expect(await screen.findByText('Your organization has no subscriptions yet.')).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('loads the next page with the cursor the API gave when asked to "Load more"', async () => {
    const fetchMock = stubFetch((url) =>
      new URL(url, 'http://localhost').searchParams.get('cursor') === 'page-2'
        ? jsonResponse({
            items: [subscription({ id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', tier: 'advanced' })],
            nextCursor: null,
          })
        : jsonResponse({ items: [subscription({})], nextCursor: 'page-2' }),
    );

    openSubscriptions();
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('rowheader', { name: 'Advanced' })).toBeDefined();
    expect(screen.getByRole('rowheader', { name: 'Premium' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    // The alerts banner asks for the contact's alerts on every page; the table's own requests follow.
    expect(fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url !== '/v1/alerts')).toEqual([
      '/v1/subscriptions',
      '/v1/subscriptions?cursor=page-2',
    ]);
  });

  it("says the subscriptions could not be loaded, with the API's reason", async () => {
    stubFetch(() => problemResponse(503, 'service_unavailable', 'The database is not reachable.'));

    openSubscriptions();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your subscriptions could not be loaded.');
    expect(alert.textContent).toContain('The database is not reachable.');
  });
});
