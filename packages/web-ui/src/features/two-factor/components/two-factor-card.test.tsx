import { fireEvent, screen, within } from '@testing-library/react';
import { toString as renderQrCode } from 'qrcode';
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
  testAccessToken,
  testMe,
  testSession,
  testStaffMe,
} from '../../../testing';

const portal = {
  id: 'support' as const,
  productName: 'Test Portal',
  routes: createPortalRoutes({ home: { label: 'Home', load: async () => () => <h1>Welcome home</h1> } }),
};

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const otpauthUri = `otpauth://totp/Subscription%20portals%3Amain%40acme.example?secret=${secret}&issuer=Subscription%20portals`;
const recoveryCodes = Array.from({ length: 10 }, (_, index) => `code-${index}000-abcd`);

const openAccount = (me = testMe()) =>
  renderPortal(portal, { path: '/account', session: createTestSession(me) });

const twoFactorSection = async () =>
  within(await screen.findByRole('region', { name: 'Two-factor sign-in' }));

const fillInCode = (code: string) =>
  fireEvent.change(screen.getByLabelText('Authentication code'), { target: { value: code } });

describe('setting up two-factor sign-in on the account page', () => {
  it('shows a QR code and the key to type in, turns it on with a code, shows the recovery codes once and continues with the new session', async () => {
    const fetchMock = stubApi({
      'POST /v1/me/two-factor/setup': () => jsonResponse({ secret, otpauthUri }),
      'POST /v1/me/two-factor/enable': () =>
        jsonResponse({
          recoveryCodes,
          session: testSession(testMe({ twoFactorEnabled: true }), 'two-factor-verified-token'),
        }),
      'POST /v1/auth/sign-out-everywhere': () => new Response(null, { status: 204 }),
    });
    const { session } = openAccount();

    const section = await twoFactorSection();
    expect(section.getByText('Off')).toBeDefined();
    fireEvent.click(section.getByRole('button', { name: 'Set up two-factor sign-in' }));

    expect(await section.findByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeDefined();
    expect(section.getByRole('link', { name: 'open the key in the app' }).getAttribute('href')).toBe(
      otpauthUri,
    );
    // A QR code of the same otpauth:// address, drawn in the browser (an SVG, no request anywhere).
    const qrCode = await section.findByRole('img', { name: 'QR code of the key, for the authenticator app' });
    expect(qrCode.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(decodeURIComponent(qrCode.getAttribute('src') ?? '')).toContain(
      await renderQrCode(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    );
    fillInCode('123 456');
    fireEvent.click(section.getByRole('button', { name: 'Turn on two-factor sign-in' }));

    const codes = await section.findByRole('list', { name: 'Recovery codes' });
    expect(
      within(codes)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(recoveryCodes);
    expect(section.getByRole('button', { name: 'Copy the recovery codes' })).toBeDefined();
    expect(section.getByText('they will not be shown again.')).toBeDefined();
    expect(section.getByText('On')).toBeDefined();
    expect(JSON.parse(String(requestsTo(fetchMock, 'POST /v1/me/two-factor/enable')[0]?.body))).toEqual({
      code: '123456',
    });
    const state = session.getState();
    expect(state.status === 'signed-in' && state.me.twoFactorEnabled).toBe(true);

    fireEvent.click(section.getByRole('button', { name: 'I have stored them' }));
    expect(await section.findByRole('button', { name: 'Turn off' })).toBeDefined();
    expect(section.queryByText(recoveryCodes[0] ?? '')).toBeNull();

    // The next request goes out with the adopted session's access token.
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of all devices' }));
    await screen.findByRole('heading', { name: 'Sign in to the Test Portal' });
    expect(calledRoutesBeyondAccountReads(fetchMock)).toEqual([
      'POST /v1/me/two-factor/setup',
      'POST /v1/me/two-factor/enable',
      'POST /v1/auth/sign-out-everywhere',
    ]);
    expect(requestsTo(fetchMock, 'POST /v1/auth/sign-out-everywhere')[0]?.headers).toMatchObject({
      authorization: 'Bearer two-factor-verified-token',
    });
  });

  it("shows the API's reason for a wrong code and stays off, keeping the session", async () => {
    stubApi({
      'POST /v1/me/two-factor/setup': () => jsonResponse({ secret, otpauthUri }),
      'POST /v1/me/two-factor/enable': () =>
        problemResponse(400, 'validation_failed', 'The code is not correct: check the time on your device', {
          errors: [{ path: 'body.code', message: 'not the current code' }],
        }),
    });
    const { session } = openAccount();

    const section = await twoFactorSection();
    fireEvent.click(section.getByRole('button', { name: 'Set up two-factor sign-in' }));
    await section.findByLabelText('Authentication code');
    fillInCode('000000');
    fireEvent.click(section.getByRole('button', { name: 'Turn on two-factor sign-in' }));

    expect((await section.findByRole('alert')).textContent).toContain('check the time on your device');
    expect(section.getByText('not the current code')).toBeDefined();
    expect(section.getByLabelText('Authentication code').getAttribute('aria-invalid')).toBe('true');
    expect(section.queryByRole('button', { name: 'Copy the recovery codes' })).toBeNull();
    expect(section.getByText('Off')).toBeDefined();
    expect(session.getState()).toEqual({ status: 'signed-in', me: testMe() });
  });

  it('asks for six digits before calling the API', async () => {
    const fetchMock = stubApi({ 'POST /v1/me/two-factor/setup': () => jsonResponse({ secret, otpauthUri }) });
    openAccount();

    const section = await twoFactorSection();
    fireEvent.click(section.getByRole('button', { name: 'Set up two-factor sign-in' }));
    await section.findByLabelText('Authentication code');
    fillInCode('12345');
    fireEvent.click(section.getByRole('button', { name: 'Turn on two-factor sign-in' }));

    expect(await section.findByText('Enter the 6 digits your authenticator app shows.')).toBeDefined();
    expect(calledRoutesBeyondAccountReads(fetchMock)).toEqual(['POST /v1/me/two-factor/setup']);
  });
});

describe('turning two-factor sign-in off', () => {
  it('offers no "Turn off" to an administrator, and says why', async () => {
    stubApi({});
    openAccount(testStaffMe({ twoFactorEnabled: true }));

    const section = await twoFactorSection();
    expect(section.getByText('On')).toBeDefined();
    expect(section.queryByRole('button', { name: 'Turn off' })).toBeNull();
    expect(section.getByText(/Administrators must keep two-factor sign-in on/)).toBeDefined();
  });

  it('turns it off for a contact with a current code, then shows it off', async () => {
    const fetchMock = stubApi({
      'POST /v1/me/two-factor/disable': () => new Response(null, { status: 204 }),
      'GET /v1/me': () => jsonResponse(testMe({ twoFactorEnabled: false })),
    });
    openAccount(testMe({ twoFactorEnabled: true }));

    const section = await twoFactorSection();
    fireEvent.click(section.getByRole('button', { name: 'Turn off' }));
    fillInCode('654321');
    fireEvent.click(section.getByRole('button', { name: 'Turn off two-factor sign-in' }));

    expect(await section.findByRole('button', { name: 'Set up two-factor sign-in' })).toBeDefined();
    expect(section.getByText('Off')).toBeDefined();
    expect(calledRoutesBeyondAccountReads(fetchMock)).toEqual([
      'POST /v1/me/two-factor/disable',
      'GET /v1/me',
    ]);
    const [disable] = requestsTo(fetchMock, 'POST /v1/me/two-factor/disable');
    expect(JSON.parse(String(disable?.body))).toEqual({ code: '654321' });
    expect(disable?.headers).toMatchObject({
      authorization: `Bearer ${testAccessToken}`,
    });
  });
});

describe('the banner for administrators without two-factor sign-in', () => {
  const banner = () => screen.queryByRole('complementary', { name: 'Two-factor sign-in needed' });

  it('shows on every page, leading to the account page to set it up', async () => {
    stubApi({});
    const { router } = renderPortal(portal, {
      session: createTestSession(testStaffMe({ twoFactorRequired: true, permissions: [] })),
    });

    await screen.findByRole('heading', { name: 'Welcome home' });
    expect(banner()?.textContent).toBe('Your administrator rights need two-factor sign-in: set it up');
    fireEvent.click(within(banner() as HTMLElement).getByRole('link', { name: 'set it up' }));

    expect(await screen.findByRole('heading', { name: 'Your account' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/account');
    expect(banner()).not.toBeNull();
  });

  it('asks to sign in again with a code when two-factor sign-in is on but this session did not use it', async () => {
    stubApi({});
    renderPortal(portal, {
      session: createTestSession(testStaffMe({ twoFactorRequired: true, twoFactorEnabled: true })),
    });

    await screen.findByRole('heading', { name: 'Welcome home' });
    expect(banner()?.textContent).toContain('sign in again with a code from your authenticator app');
  });

  it('does not show for anyone else', async () => {
    stubApi({});
    renderPortal(portal, { session: createTestSession(testStaffMe({ twoFactorEnabled: true })) });

    await screen.findByRole('heading', { name: 'Welcome home' });
    expect(banner()).toBeNull();
  });
});
