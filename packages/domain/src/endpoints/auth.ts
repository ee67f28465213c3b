import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import {
  ChangePasswordRequest,
  PasswordLink,
  PasswordLinkRequest,
  Profile,
  SignInSessionList,
  UpdateProfileRequest,
} from '../schemas/account';
import {
  Accepted,
  Me,
  PasswordResetRequest,
  Session,
  SetPasswordRequest,
  SignInRequest,
  SignInResponse,
  TwoFactorCode,
  TwoFactorEnabled,
  TwoFactorSetup,
  TwoFactorSignInRequest,
} from '../schemas/auth';

/** Sign-in sessions: the refresh token travels as an httpOnly cookie the endpoints set. */
export const authEndpoints = {
  signIn: defineEndpoint({
    method: 'POST',
    path: '/v1/auth/sign-in',
    body: SignInRequest,
    response: { 200: SignInResponse },
    access: { public: true },
    problems: ['unauthenticated'],
    tags: ['auth'],
    summary: 'Sign in with email and password',
    description:
      'Answers the session, with the refresh token set as an httpOnly cookie; or, for an account with ' +
      'two-factor sign-in, a challenge to complete at /v1/auth/sign-in/two-factor.',
  }),
  signInTwoFactor: defineEndpoint({
    method: 'POST',
    path: '/v1/auth/sign-in/two-factor',
    body: TwoFactorSignInRequest,
    response: { 200: Session },
    access: { public: true },
    problems: ['unauthenticated'],
    // The code or a recovery code, never both.
    examples: { request: { challengeToken: 'c2f1e0d9-8b7a-4c6d-9e5f-4a3b2c1d0e9f', code: '492036' } },
    tags: ['auth'],
    summary: 'Finish signing in with the code from the authenticator app, or a recovery code',
  }),
  refresh: defineEndpoint({
    method: 'POST',
    path: '/v1/auth/refresh',
    response: { 200: Session },
    access: { public: true },
    // No refresh cookie, or an ended one (401); a request from another site (403).
    problems: ['unauthenticated', 'forbidden'],
    tags: ['auth'],
    summary: 'A new access token from the refresh cookie, which is rotated',
  }),
  signOut: defineEndpoint({
    method: 'POST',
    path: '/v1/auth/sign-out',
    response: { 204: z.null() },
    access: { public: true },
    // A request from another site.
    problems: ['forbidden'],
    tags: ['auth'],
    summary: 'Sign out of this device',
  }),
  signOutEverywhere: defineEndpoint({
    method: 'POST',
    path: '/v1/auth/sign-out-everywhere',
    response: { 204: z.null() },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'Sign out of every device',
  }),
  requestPasswordReset: defineEndpoint({
    method: 'POST',
    path: '/v1/auth/password-reset',
    body: PasswordResetRequest,
    response: { 202: Accepted },
    access: { public: true },
    tags: ['auth'],
    summary: 'Email a password reset link (valid 1 hour)',
    description: 'The answer is the same whether or not the email is known.',
  }),
  setPassword: defineEndpoint({
    method: 'POST',
    path: '/v1/auth/set-password',
    body: SetPasswordRequest,
    response: { 200: SignInResponse },
    access: { public: true },
    tags: ['auth'],
    summary: 'Set a password from an invitation or reset link, and sign in',
    description:
      'Answers like sign-in: the session, or for an account with two-factor sign-in, a challenge to ' +
      'complete at /v1/auth/sign-in/two-factor (the password is set either way).',
  }),
  inspectPasswordLink: defineEndpoint({
    method: 'POST',
    path: '/v1/auth/set-password/inspect',
    body: PasswordLinkRequest,
    response: { 200: PasswordLink },
    access: { public: true },
    tags: ['auth'],
    summary: 'Look at a set-your-password link without using it',
    description:
      'For the page a link opens: whether it can still be used and, if so, the email and organization of ' +
      'its account (what its holder was told already). A used, expired or unknown link answers only that. ' +
      'Only invitation and password reset links are read; the link stays usable.',
  }),
  me: defineEndpoint({
    method: 'GET',
    path: '/v1/me',
    response: { 200: Me },
    access: { authenticated: true, apiTokens: true },
    tags: ['auth'],
    summary: 'Who is signed in, and what they may do',
  }),
};

/** Two-factor sign-in of the caller's own account. */
export const twoFactorEndpoints = {
  setUp: defineEndpoint({
    method: 'POST',
    path: '/v1/me/two-factor/setup',
    response: { 200: TwoFactorSetup },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'Start setting up two-factor sign-in: a secret for the authenticator app',
  }),
  enable: defineEndpoint({
    method: 'POST',
    path: '/v1/me/two-factor/enable',
    body: TwoFactorCode,
    response: { 200: TwoFactorEnabled },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'Turn two-factor sign-in on with a first code; answers the recovery codes, once',
  }),
  disable: defineEndpoint({
    method: 'POST',
    path: '/v1/me/two-factor/disable',
    body: TwoFactorCode,
    response: { 204: z.null() },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'Turn two-factor sign-in off with a current code (administrators must keep it)',
  }),
};

/** One's own account from a sign-in session: password, details, signed-in devices. */
export const accountEndpoints = {
  changePassword: defineEndpoint({
    method: 'POST',
    path: '/v1/me/password',
    body: ChangePasswordRequest,
    response: { 200: Session },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'Change the password, giving the current one',
    description:
      'Ends every session of the account, this one included, and answers a new session for this device ' +
      '(its refresh token set as an httpOnly cookie).',
  }),
  getProfile: defineEndpoint({
    method: 'GET',
    path: '/v1/me/profile',
    response: { 200: Profile },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'Your own name, email, phone and organization',
  }),
  updateProfile: defineEndpoint({
    method: 'PATCH',
    path: '/v1/me/profile',
    body: UpdateProfileRequest,
    response: { 200: Profile },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'Change your own name or phone',
  }),
  listSessions: defineEndpoint({
    method: 'GET',
    path: '/v1/me/sessions',
    response: { 200: SignInSessionList },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'The devices signed in to your account, this one marked',
    description:
      'The 50 most recently used, newest first: each a sign-in and the refreshes that followed it.',
  }),
  endSession: defineEndpoint({
    method: 'DELETE',
    path: '/v1/me/sessions/:sessionId',
    params: z.object({ sessionId: z.uuid() }),
    response: { 204: z.null() },
    access: { signInSession: true },
    tags: ['auth'],
    summary: 'Sign one device out',
    description:
      'Its refresh token is revoked and every access token of the account refused from now on; the other ' +
      'devices renew theirs with their refresh token, this device included.',
  }),
};
