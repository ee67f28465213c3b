import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createPortalRoutes } from '../../../app/create-portal-routes';
import {
  calledRoutes,
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
} from '../../../testing';

const portal = {
  id: 'subscriber' as const,
  productName: 'Test Portal',
  routes: createPortalRoutes({ home: { label: 'Home', load: async () => () => <h1>Welcome home</h1> } }),
};

/** Lets whatever the click set off run, so a request it should not have sent would be seen. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)));

const fillIn = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('the sign-in page', () => {
  it("shows the API's reason when the email or password is wrong, and lets the person try again", async () => {
    let answerSignIn: (response: Response) => void = () => undefined;
    stubApi({
      'POST /v1/auth/sign-in': () =>
        new Promise<Response>((resolve) => {
          answerSignIn = resolve;
        }),
    });
    renderPortal(portal, { path: '/sign-in' });

    await screen.findByLabelText('Email');
    fillIn('Email', 'main@acme.example');
    fillIn('Password', 'not-the-password');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const submitting = await screen.findByRole('button', { name: 'Signing in…' });
    expect(submitting.hasAttribute('disabled')).toBe(true);
    answerSignIn(problemResponse(401, 'unauthenticated', 'The email or password is not correct'));

    expect((await screen.findByRole('alert')).textContent).toBe('The email or password is not correct');
    expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
  });

  it('asks for what is missing without calling the API', async () => {
    const fetchMock = stubApi({});
    renderPortal(portal, { path: '/sign-in' });

    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Enter your email address.')).toBeDefined();
    expect(screen.getByText('Enter your password.')).toBeDefined();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    await settle();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('signs in and goes home, showing who is signed in', async () => {
    const fetchMock = stubApi({ 'POST /v1/auth/sign-in': () => jsonResponse(testSession()) });
    const { router } = renderPortal(portal, { path: '/sign-in' });

    await screen.findByLabelText('Email');
    fillIn('Email', 'main@acme.example');
    fillIn('Password', 'portals-demo-2026');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Welcome home' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/');
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'Maria Main' })).toBeDefined();
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual({
      email: 'main@acme.example',
      password: 'portals-demo-2026',
    });
  });
});

describe('the two-factor step of signing in', () => {
  const challengeToken = 'a-two-factor-challenge-token-0123456789';

  const signInWithPassword = async () => {
    await screen.findByLabelText('Email');
    fillIn('Email', 'admin@vendor.example');
    fillIn('Password', 'portals-demo-2026');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByLabelText('Authentication code');
  };

  it('offers a code field that phones fill in from the authenticator app and that opens the digit keyboard', async () => {
    stubApi({ 'POST /v1/auth/sign-in': () => jsonResponse({ twoFactorRequired: true, challengeToken }) });
    renderPortal(portal, { path: '/sign-in' });
    await signInWithPassword();

    const code = screen.getByLabelText('Authentication code');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(screen.getByRole('button', { name: 'Use a recovery code instead' })).toBeDefined();
  });

  it('puts the focus on the code field, and on the recovery code field when switching', async () => {
    stubApi({
      'POST /v1/auth/sign-in': () =>
        jsonResponse({ twoFactorRequired: true, challengeToken: 'a-two-factor-challenge-token-0123456789' }),
    });
    renderPortal(portal, { path: '/sign-in' });
    await screen.findByLabelText('Email');
    fillIn('Email', 'main@acme.example');
    fillIn('Password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = await screen.findByLabelText('Authentication code');
    await waitFor(() => expect(document.activeElement).toBe(code));
    fireEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    const recoveryCode = await screen.findByLabelText('Recovery code');
    await waitFor(() => expect(document.activeElement).toBe(recoveryCode));
  });

  it('asks for the authenticator code after a correct password, then signs in', async () => {
    const fetchMock = stubApi({
      'POST /v1/auth/sign-in': () => jsonResponse({ twoFactorRequired: true, challengeToken }),
      'POST /v1/auth/sign-in/two-factor': () => jsonResponse(testSession()),
    });
    renderPortal(portal, { path: '/sign-in' });
    await signInWithPassword();

    fillIn('Authentication code', '12345');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Enter the 6 digits your authenticator app shows.')).toBeDefined();
    fillIn('Authentication code', '123 456');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    expect(await screen.findByRole('heading', { name: 'Welcome home' })).toBeDefined();
    expect(calledRoutes(fetchMock)).toEqual(['POST /v1/auth/sign-in', 'POST /v1/auth/sign-in/two-factor']);
    expect(JSON.parse(String(fetchMock.mock.calls[1]?.[1]?.body))).toEqual({
      challengeToken,
      code: '123456',
    });
  });

  it("shows the API's reason for a wrong code, and takes a recovery code instead", async () => {
    const fetchMock = stubApi({
      'POST /v1/auth/sign-in': () => jsonResponse({ twoFactorRequired: true, challengeToken }),
      'POST /v1/auth/sign-in/two-factor': ({ body }) =>
        (body as { recoveryCode?: string }).recoveryCode
          ? jsonResponse(testSession())
          : problemResponse(
              401,
              'unauthenticated',
              'The code is not correct, or this sign-in has expired: try again',
            ),
    });
    renderPortal(portal, { path: '/sign-in' });
    await signInWithPassword();

    fillIn('Authentication code', '000000');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The code is not correct');
    fireEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    fillIn('Recovery code', 'abcd-efgh-ijkl');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    expect(await screen.findByRole('heading', { name: 'Welcome home' })).toBeDefined();
    expect(JSON.parse(String(fetchMock.mock.calls[2]?.[1]?.body))).toEqual({
      challengeToken,
      recoveryCode: 'abcd-efgh-ijkl',
    });
  });

  it('waits as long as the API asks after too many wrong codes', async () => {
    const tooManyAttempts = problemResponse(
      429,
      'rate_limited',
      'Too many attempts: try again in 300 seconds',
    );
    stubApi({
      'POST /v1/auth/sign-in': () => jsonResponse({ twoFactorRequired: true, challengeToken }),
      'POST /v1/auth/sign-in/two-factor': () =>
        new Response(tooManyAttempts.body, {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '300' },
        }),
    });
    renderPortal(portal, { path: '/sign-in' });
    await signInWithPassword();

    fillIn('Authentication code', '123456');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    expect((await screen.findByRole('alert')).textContent).toContain('try again in 300 seconds');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Continue' }).hasAttribute('disabled')).toBe(true),
    );
  });
});

describe('the forgot-password page', () => {
  it("is linked from sign-in, asks the API for a link to this portal, and shows the API's answer", async () => {
    const message = 'If an account uses this email, a link to reset its password is on its way.';
    const fetchMock = stubApi({
      'POST /v1/auth/password-reset': () => jsonResponse({ message }, { status: 202 }),
    });
    renderPortal(portal, { path: '/sign-in' });

    fireEvent.click(await screen.findByRole('link', { name: 'Forgot your password?' }));
    await screen.findByRole('heading', { name: 'Forgot your password?' });
    fillIn('Email', 'tara@acme.example');
    fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));

    expect((await screen.findByRole('status')).textContent).toBe(message);
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual({
      email: 'tara@acme.example',
      portal: 'subscriber',
    });
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toBeDefined();
  });
});

describe('the set-password page', () => {
  const linkToken = 'a-one-time-token-from-the-email-0123456789';
  const openLink = () => renderPortal(portal, { path: `/set-password?token=${linkToken}` });
  const usableLink = () =>
    jsonResponse({
      status: 'usable',
      purpose: 'invitation',
      email: 'olivia@umbrella.example',
      organizationName: 'Umbrella Networks',
      expiresAt: '2026-12-09T10:00:00.000Z',
    });
  const inspect = 'POST /v1/auth/set-password/inspect';

  it('catches a mistyped confirmation before calling the API, keeping the one-time link usable', async () => {
    const fetchMock = stubApi({ [inspect]: usableLink });
    openLink();

    await screen.findByLabelText('New password');
    fillIn('New password', 'correct horse battery');
    fillIn('Confirm the new password', 'correct horse batterie');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password and sign in' }));

    expect(await screen.findByText('The two passwords do not match.')).toBeDefined();
    expect(screen.getByLabelText('Confirm the new password').getAttribute('aria-invalid')).toBe('true');
    await settle();
    expect(calledRoutes(fetchMock)).toEqual([inspect]);
  });

  it('catches a password shorter than the 12 characters the API requires', async () => {
    const fetchMock = stubApi({ [inspect]: usableLink });
    openLink();

    await screen.findByLabelText('New password');
    fillIn('New password', 'short');
    fillIn('Confirm the new password', 'short');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password and sign in' }));

    expect(await screen.findByText('Use at least 12 characters.')).toBeDefined();
    await settle();
    expect(calledRoutes(fetchMock)).toEqual([inspect]);
  });

  it('sets the password, which signs in, and lands home', async () => {
    const fetchMock = stubApi({
      [inspect]: usableLink,
      'POST /v1/auth/set-password': () => jsonResponse(testSession()),
    });
    const { router } = openLink();

    await screen.findByLabelText('New password');
    fillIn('New password', 'correct horse battery');
    fillIn('Confirm the new password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password and sign in' }));

    expect(await screen.findByRole('heading', { name: 'Welcome home' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/');
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'Maria Main' })).toBeDefined();
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual({ token: linkToken });
    expect(JSON.parse(String(fetchMock.mock.calls[1]?.[1]?.body))).toEqual({
      token: linkToken,
      password: 'correct horse battery',
    });
  });

  it('asks a two-factor account for its code after setting the password, and signs in only then', async () => {
    const challengeToken = 'a-two-factor-challenge-token-0123456789';
    const fetchMock = stubApi({
      [inspect]: usableLink,
      'POST /v1/auth/set-password': () => jsonResponse({ twoFactorRequired: true, challengeToken }),
      'POST /v1/auth/sign-in/two-factor': () => jsonResponse(testSession()),
    });
    const { router } = openLink();

    await screen.findByLabelText('New password');
    fillIn('New password', 'correct horse battery');
    fillIn('Confirm the new password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password and sign in' }));

    expect(await screen.findByLabelText('Authentication code')).toBeDefined();
    expect(screen.getByRole('status').textContent).toContain('Your new password is set.');
    expect(screen.queryByLabelText('New password')).toBeNull();
    expect(router.state.location.pathname).toBe('/set-password');

    fillIn('Authentication code', '123456');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { name: 'Welcome home' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/');
    expect(calledRoutes(fetchMock)).toEqual([
      inspect,
      'POST /v1/auth/set-password',
      'POST /v1/auth/sign-in/two-factor',
    ]);
    expect(JSON.parse(String(fetchMock.mock.calls[2]?.[1]?.body))).toEqual({
      challengeToken,
      code: '123456',
    });
  });

  it("shows the API's message for an expired or used link, with a way to ask for a new one", async () => {
    stubApi({
      [inspect]: usableLink,
      'POST /v1/auth/set-password': () =>
        problemResponse(400, 'bad_request', 'This link has expired or was already used: ask for a new one', {
          errors: [{ path: 'body.token', message: 'expired or already used' }],
        }),
    });
    openLink();

    await screen.findByLabelText('New password');
    fillIn('New password', 'correct horse battery');
    fillIn('Confirm the new password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password and sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This link has expired or was already used: ask for a new one');
    fireEvent.click(within(alert).getByRole('link', { name: 'Ask for a new link' }));
    expect(await screen.findByRole('heading', { name: 'Forgot your password?' })).toBeDefined();
  });

  it("shows the API's field error for a password it refuses", async () => {
    stubApi({
      [inspect]: usableLink,
      'POST /v1/auth/set-password': () =>
        problemResponse(400, 'validation_failed', 'One field is not valid.', {
          errors: [{ path: 'body.password', message: 'is too common: choose another' }],
        }),
    });
    openLink();

    await screen.findByLabelText('New password');
    fillIn('New password', 'password1234');
    fillIn('Confirm the new password', 'password1234');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password and sign in' }));

    expect(await screen.findByText('is too common: choose another')).toBeDefined();
    expect(screen.getByLabelText('New password')).toBeDefined();
  });

  it('names the account the link sets the password of', async () => {
    stubApi({ [inspect]: usableLink });
    openLink();

    await screen.findByLabelText('New password');
    const page = screen.getByRole('heading', { level: 1, name: 'Choose a password' }).parentElement;
    expect(page?.textContent).toContain('For the account olivia@umbrella.example of Umbrella Networks.');
  });

  it.each([
    ['used', 'This link was already used'],
    ['expired', 'This link has expired.'],
    ['invalid', 'This link is not valid'],
  ] as const)(
    'says a %s link cannot be used before any password is typed, offering a new link',
    async (status, message) => {
      const fetchMock = stubApi({ [inspect]: () => jsonResponse({ status }) });
      openLink();

      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toContain(message);
      expect(screen.queryByLabelText('New password')).toBeNull();
      expect(calledRoutes(fetchMock)).toEqual([inspect]);
      fireEvent.click(within(alert).getByRole('link', { name: 'Ask for a new link' }));
      expect(await screen.findByRole('heading', { name: 'Forgot your password?' })).toBeDefined();
    },
  );

  it('says the link is incomplete when it carries no token', async () => {
    renderPortal(portal, { path: '/set-password' });

    expect((await screen.findByRole('alert')).textContent).toContain('This link is incomplete');
    expect(screen.queryByLabelText('New password')).toBeNull();
  });
});

describe('the account page', () => {
  it('shows who is signed in, and signs out of all devices with the access token', async () => {
    const fetchMock = stubApi({
      'POST /v1/auth/sign-out-everywhere': () => new Response(null, { status: 204 }),
    });
    renderPortal(portal, { session: createTestSession(testMe()) });

    fireEvent.click(await within(screen.getByRole('banner')).findByRole('link', { name: 'Maria Main' }));
    const details = await screen.findByRole('region', { name: 'Your details' });
    expect(details.textContent).toContain('main@acme.example');
    expect(details.textContent).toContain('Main contact');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of all devices' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('You have signed out of all devices.');
    expect(calledRoutesBeyondAccountReads(fetchMock)).toEqual(['POST /v1/auth/sign-out-everywhere']);
    expect(requestsTo(fetchMock, 'POST /v1/auth/sign-out-everywhere')[0]?.headers).toMatchObject({
      authorization: `Bearer ${testAccessToken}`,
    });
  });

  it('is only for signed-in people', async () => {
    const { router } = renderPortal(portal, { path: '/account' });

    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/sign-in');
  });
});
