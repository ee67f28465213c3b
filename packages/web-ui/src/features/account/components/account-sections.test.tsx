import type { Profile, SignInSession } from '@portals/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createPortalRoutes } from '../../../app/create-portal-routes';
import {
  calledRoutesBeyondAccountReads,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  requestsTo,
  stubApi,
  testMe,
  testSession,
} from '../../../testing';
import { describeUserAgent } from './sign-in-sessions-card';

const portal = {
  id: 'support' as const,
  productName: 'Test Portal',
  routes: createPortalRoutes({ home: { label: 'Home', load: async () => () => <h1>Welcome home</h1> } }),
};

const profile: Profile = {
  name: 'Maria Main',
  email: 'main@acme.example',
  phone: null,
  organizationName: 'Acme Corp',
};
const thisDevice: SignInSession = {
  id: '11111111-1111-4111-8111-111111111111',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  ipAddress: '192.0.2.10',
  createdAt: '2026-12-01T09:00:00.000Z',
  lastUsedAt: '2026-12-02T09:00:00.000Z',
  current: true,
};
const phone: SignInSession = {
  id: '22222222-2222-4222-8222-222222222222',
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Safari/604.1',
  ipAddress: '198.51.100.7',
  createdAt: '2026-11-20T18:00:00.000Z',
  lastUsedAt: '2026-11-30T18:00:00.000Z',
  current: false,
};

const openAccount = () => renderPortal(portal, { path: '/account', session: createTestSession(testMe()) });
const region = async (name: string) => within(await screen.findByRole('region', { name }));
const fillIn = (scope: ReturnType<typeof within>, label: string, value: string) =>
  fireEvent.change(scope.getByLabelText(label), { target: { value } });

describe('the account page: where you are signed in', () => {
  it('lists the devices, this one marked and not offered for sign-out, and signs another out after confirming', async () => {
    let sessions = [thisDevice, phone];
    const fetchMock = stubApi({
      'GET /v1/me/profile': () => jsonResponse(profile),
      'GET /v1/me/sessions': () => jsonResponse({ items: sessions }),
      [`DELETE /v1/me/sessions/${phone.id}`]: () => {
        sessions = [thisDevice];
        return new Response(null, { status: 204 });
      },
    });
    openAccount();

    const card = await region('Where you are signed in');
    const rows = await card.findAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]?.textContent).toContain('Firefox on Linux');
    expect(rows[1]?.textContent).toContain('This device');
    expect(within(rows[1] as HTMLElement).queryByRole('button')).toBeNull();
    expect(rows[2]?.textContent).toContain('Safari on iPhone');

    fireEvent.click(
      within(rows[2] as HTMLElement).getByRole('button', { name: /^Sign out Safari on iPhone/ }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Sign out Safari on iPhone?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign it out' }));

    await waitFor(() => expect(card.getAllByRole('row')).toHaveLength(2));
    expect(calledRoutesBeyondAccountReads(fetchMock)).toEqual([`DELETE /v1/me/sessions/${phone.id}`]);
  });

  it('names devices from their user agent', () => {
    expect(describeUserAgent(null)).toBe('Unknown device');
    expect(describeUserAgent(thisDevice.userAgent)).toBe('Firefox on Linux');
    expect(describeUserAgent(phone.userAgent)).toBe('Safari on iPhone');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0',
      ),
    ).toBe('Edge on Windows');
    expect(describeUserAgent('curl/8.5.0')).toBe('curl');
  });
});

describe('the account page: changing the password', () => {
  it('catches a mistyped confirmation before calling the API', async () => {
    const fetchMock = stubApi({
      'GET /v1/me/profile': () => jsonResponse(profile),
      'GET /v1/me/sessions': () => jsonResponse({ items: [thisDevice] }),
    });
    openAccount();
    const card = await region('Change your password');
    fillIn(card, 'Current password', 'the old passphrase');
    fillIn(card, 'New password', 'a brand new passphrase');
    fillIn(card, 'Confirm the new password', 'a brand new passphrasE');
    fireEvent.click(card.getByRole('button', { name: 'Change the password' }));

    expect(await card.findByText('The two new passwords do not match.')).toBeDefined();
    expect(calledRoutesBeyondAccountReads(fetchMock)).toEqual([]);
  });

  it("shows the API's answer for a wrong current password next to it", async () => {
    stubApi({
      'GET /v1/me/profile': () => jsonResponse(profile),
      'GET /v1/me/sessions': () => jsonResponse({ items: [thisDevice] }),
      'POST /v1/me/password': () =>
        problemResponse(400, 'validation_failed', 'The current password is not correct', {
          errors: [{ path: 'body.currentPassword', message: 'is not correct' }],
        }),
    });
    openAccount();
    const card = await region('Change your password');
    fillIn(card, 'Current password', 'not the password');
    fillIn(card, 'New password', 'a brand new passphrase');
    fillIn(card, 'Confirm the new password', 'a brand new passphrase');
    fireEvent.click(card.getByRole('button', { name: 'Change the password' }));

    expect(await card.findByText('is not correct')).toBeDefined();
    expect(card.getByLabelText('Current password').getAttribute('aria-invalid')).toBe('true');
  });

  it('changes it, continues with the new session and says the other devices were signed out', async () => {
    const fetchMock = stubApi({
      'GET /v1/me/profile': () => jsonResponse(profile),
      'GET /v1/me/sessions': () => jsonResponse({ items: [thisDevice] }),
      'POST /v1/me/password': () => jsonResponse(testSession(testMe(), 'token-after-password-change')),
      'POST /v1/auth/sign-out-everywhere': () => new Response(null, { status: 204 }),
    });
    openAccount();
    const card = await region('Change your password');
    fillIn(card, 'Current password', 'the old passphrase');
    fillIn(card, 'New password', 'a brand new passphrase');
    fillIn(card, 'Confirm the new password', 'a brand new passphrase');
    fireEvent.click(card.getByRole('button', { name: 'Change the password' }));

    expect(
      await card.findByText('Your password was changed. Every other device has been signed out.'),
    ).toBeDefined();
    expect((card.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
    expect(JSON.parse(String(requestsTo(fetchMock, 'POST /v1/me/password')[0]?.body))).toEqual({
      currentPassword: 'the old passphrase',
      newPassword: 'a brand new passphrase',
    });
    // The next request carries the new session's access token.
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of all devices' }));
    await screen.findByRole('heading', { name: 'Sign in to the Test Portal' });
    expect(requestsTo(fetchMock, 'POST /v1/auth/sign-out-everywhere')[0]?.headers).toMatchObject({
      authorization: 'Bearer token-after-password-change',
    });
  });
});

describe('the account page: name and phone', () => {
  it('shows the email as it signs in, and saves a new name and phone, which the header then shows', async () => {
    let saved = profile;
    const fetchMock = stubApi({
      'GET /v1/me/profile': () => jsonResponse(saved),
      'GET /v1/me/sessions': () => jsonResponse({ items: [thisDevice] }),
      'PATCH /v1/me/profile': ({ body }) => {
        saved = { ...saved, ...(body as Partial<Profile>) };
        return jsonResponse(saved);
      },
      'GET /v1/me': () => jsonResponse(testMe({ name: 'Maria Mainwaring' })),
    });
    openAccount();
    const card = await region('Your name and phone');
    expect((await card.findByText(/You sign in as/)).textContent).toContain('main@acme.example (Acme Corp)');
    fillIn(card, 'Name', 'Maria Mainwaring');
    fillIn(card, 'Phone', '+34 600 111 222');
    fireEvent.click(card.getByRole('button', { name: 'Save' }));

    expect(await card.findByText('Your details were saved.')).toBeDefined();
    expect(JSON.parse(String(requestsTo(fetchMock, 'PATCH /v1/me/profile')[0]?.body))).toEqual({
      name: 'Maria Mainwaring',
      phone: '+34 600 111 222',
    });
    expect(
      await within(screen.getByRole('banner')).findByRole('link', { name: 'Maria Mainwaring' }),
    ).toBeDefined();
  });

  it('asks for a name without calling the API', async () => {
    const fetchMock = stubApi({
      'GET /v1/me/profile': () => jsonResponse(profile),
      'GET /v1/me/sessions': () => jsonResponse({ items: [thisDevice] }),
    });
    openAccount();
    const card = await region('Your name and phone');
    await card.findByLabelText('Name');
    fillIn(card, 'Name', '   ');
    fireEvent.click(card.getByRole('button', { name: 'Save' }));
    expect(await card.findByText('Enter your name.')).toBeDefined();
    expect(calledRoutesBeyondAccountReads(fetchMock)).toEqual([]);
  });
});
