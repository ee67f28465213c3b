import type { ApiToken } from '@portals/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createPortalRoutes } from '../../../app/create-portal-routes';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testMe,
  testStaffMe,
} from '../../../testing';

const portal = {
  id: 'subscriber' as const,
  productName: 'Test Portal',
  routes: createPortalRoutes({ home: { label: 'Home', load: async () => () => <h1>Welcome home</h1> } }),
};

const nagios: ApiToken = {
  id: '3f6c1d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f',
  name: 'Nagios ticket bridge',
  tokenPrefix: 'pat_ab12cd',
  scopes: ['subscription:read:org'],
  status: 'active',
  expiresAt: '2026-09-01T21:59:59.000Z',
  lastUsedAt: null,
  revokedAt: null,
  createdAt: '2026-06-01T10:00:00.000Z',
};
const secret = 'pat_ab12cd_s3cr3t-only-shown-once-0123456789';

const openTokens = (me = testMe()) =>
  renderPortal(portal, { path: '/account/api-tokens', session: createTestSession(me) });

const tokensTable = async () => within(await screen.findByRole('table', { name: /Your API tokens/ }));

const fillIn = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('the API tokens page', () => {
  it('is linked from the account page, and explains what tokens are for when there are none', async () => {
    stubApi({ 'GET /v1/me/api-tokens': () => jsonResponse({ items: [], nextCursor: null }) });
    renderPortal(portal, { path: '/account', session: createTestSession(testMe()) });

    fireEvent.click(await screen.findByRole('link', { name: 'Manage your API tokens' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'API tokens' })).toBeDefined();
    expect((await screen.findByText('You have no API tokens.')).closest('.card')?.textContent).toContain(
      'Authorization: Bearer <token>',
    );
    expect(screen.getByRole('link', { name: 'API documentation' }).getAttribute('href')).toBe('/docs');
  });

  it('lists the tokens with their prefix, what they may do, expiry, last use and status, page after page', async () => {
    const fetchMock = stubApi({
      'GET /v1/me/api-tokens': ({ url }) =>
        url.searchParams.get('cursor') === 'page-2'
          ? jsonResponse({
              items: [
                {
                  ...nagios,
                  id: '4a7d2e3f-9b5c-4d6e-8f70-8b9c0d1e2f3a',
                  name: 'Old script',
                  status: 'revoked',
                },
              ],
              nextCursor: null,
            })
          : jsonResponse({
              items: [
                nagios,
                {
                  ...nagios,
                  id: '5b8e3f40-ac6d-4e7f-9081-9cad1e2f3a4b',
                  name: 'Backup',
                  lastUsedAt: '2026-06-02T08:30:00.000Z',
                },
              ],
              nextCursor: 'page-2',
            }),
    });
    openTokens();

    const table = await tokensTable();
    const row = table.getByRole('row', { name: /Nagios ticket bridge/ });
    expect(row.textContent).toContain('pat_ab12cd…');
    expect(row.textContent).toContain("Read your organization's subscriptions");
    expect(row.textContent).toContain('Never');
    expect(row.textContent).toContain('Active');
    expect(within(row).getByRole('button', { name: 'Revoke Nagios ticket bridge' })).toBeDefined();
    expect(table.getByRole('row', { name: /Backup/ }).textContent).not.toContain('Never');

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));

    const revoked = await table.findByRole('row', { name: /Old script/ });
    expect(revoked.textContent).toContain('Revoked');
    expect(within(revoked).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(fetchMock.mock.calls.map(([input]) => new URL(String(input), 'http://x').search)).toEqual([
      '',
      '?cursor=page-2',
    ]);
  });

  it("offers only the person's own permissions, with readable names, and shows the new secret once", async () => {
    let created = false;
    const fetchMock = stubApi({
      'GET /v1/me/api-tokens': () =>
        jsonResponse({ items: created ? [{ ...nagios, name: 'Audit export' }] : [], nextCursor: null }),
      'POST /v1/me/api-tokens': ({ body }) => {
        created = true;
        return jsonResponse({ token: secret, apiToken: { ...nagios, ...(body as object) } }, { status: 201 });
      },
    });
    openTokens(testStaffMe({ permissions: ['organization:read:any', 'audit:read:any'] }));

    const scopes = within(await screen.findByRole('group', { name: 'What it may do' }));
    expect(scopes.getAllByRole('checkbox').map((box) => box.getAttribute('value'))).toEqual([
      'organization:read:any',
      'audit:read:any',
    ]);
    expect(scopes.getByLabelText(/Read the audit log/)).toBeDefined();
    expect(scopes.queryByLabelText(/subscriptions/)).toBeNull();

    fillIn('Name', 'Audit export');
    fireEvent.click(scopes.getByLabelText(/Read the audit log/));
    fireEvent.click(screen.getByRole('button', { name: 'Create the token' }));

    const notice = within(await screen.findByRole('region', { name: 'Copy the token “Audit export” now' }));
    expect(notice.getByText(secret)).toBeDefined();
    expect(notice.getByText('This is the only time it is shown.')).toBeDefined();
    expect(notice.getByRole('button', { name: 'Copy the token' })).toBeDefined();
    const request = JSON.parse(String(fetchMock.mock.calls[1]?.[1]?.body)) as Record<string, unknown>;
    expect(request).toMatchObject({ name: 'Audit export', scopes: ['audit:read:any'] });
    // The default expiry: the end of the day 90 days from now, in the reader's zone.
    const days = (Date.parse(String(request.expiresAt)) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(90);
    expect(days).toBeLessThan(91);

    fireEvent.click(notice.getByRole('button', { name: 'Done' }));

    expect(await screen.findByRole('button', { name: 'Create the token' })).toBeDefined();
    expect(await (await tokensTable()).findByRole('row', { name: /Audit export/ })).toBeDefined();
    expect(screen.queryByText(secret)).toBeNull();
  });

  it('asks for a name and at least one permission before calling the API', async () => {
    const fetchMock = stubApi({
      'GET /v1/me/api-tokens': () => jsonResponse({ items: [], nextCursor: null }),
    });
    openTokens();

    fireEvent.click(await screen.findByRole('button', { name: 'Create the token' }));

    expect(await screen.findByText('Enter a name, to recognise the token later.')).toBeDefined();
    expect(screen.getByText('Choose at least one thing the token may do.')).toBeDefined();
    expect(calledRoutes(fetchMock)).toEqual(['GET /v1/me/api-tokens']);
  });

  it("shows the API's reason for refusing a permission", async () => {
    stubApi({
      'GET /v1/me/api-tokens': () => jsonResponse({ items: [], nextCursor: null }),
      'POST /v1/me/api-tokens': () =>
        problemResponse(400, 'validation_failed', 'One field is not valid.', {
          errors: [{ path: 'body.scopes.0', message: 'is not one of your permissions' }],
        }),
    });
    openTokens();

    await screen.findByLabelText('Name');
    fillIn('Name', 'Nagios ticket bridge');
    fireEvent.click(screen.getByLabelText(/Read your organization's subscriptions/));
    fireEvent.click(screen.getByRole('button', { name: 'Create the token' }));

    expect(await screen.findByText('is not one of your permissions')).toBeDefined();
  });

  it('asks for confirmation before revoking, then shows the token revoked', async () => {
    let revoked = false;
    const fetchMock = stubApi({
      'GET /v1/me/api-tokens': () =>
        jsonResponse({ items: [{ ...nagios, status: revoked ? 'revoked' : 'active' }], nextCursor: null }),
      [`DELETE /v1/me/api-tokens/${nagios.id}`]: () => {
        revoked = true;
        return new Response(null, { status: 204 });
      },
    });
    openTokens();

    const table = await tokensTable();
    fireEvent.click(table.getByRole('button', { name: 'Revoke Nagios ticket bridge' }));
    const confirmation = within(
      screen.getByRole('dialog', { name: 'Revoke the token “Nagios ticket bridge”?' }),
    );
    expect(confirmation.getByText(/Every system using it is refused from now on/)).toBeDefined();
    fireEvent.click(confirmation.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog', { name: /Revoke the token/ })).toBeNull();
    expect(calledRoutes(fetchMock)).toEqual(['GET /v1/me/api-tokens']);

    fireEvent.click(table.getByRole('button', { name: 'Revoke Nagios ticket bridge' }));
    fireEvent.click(screen.getByRole('button', { name: 'Revoke the token' }));

    await waitFor(() => expect(table.getByRole('row', { name: /Nagios/ }).textContent).toContain('Revoked'));
    expect(screen.queryByRole('dialog', { name: /Revoke the token/ })).toBeNull();
    expect(calledRoutes(fetchMock)).toEqual([
      'GET /v1/me/api-tokens',
      `DELETE /v1/me/api-tokens/${nagios.id}`,
      'GET /v1/me/api-tokens',
    ]);
    expect(screen.getByRole('status').textContent).toContain('The token “Nagios ticket bridge” was revoked.');
  });

  it('is only for signed-in people', async () => {
    const { router } = renderPortal(portal, { path: '/account/api-tokens' });

    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/sign-in');
  });
});
