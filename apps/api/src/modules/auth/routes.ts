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
} from '@portals/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { privileged } from '../../db/scope';
import { requireActor } from '../../lib/require-actor';
import { sendProblem } from '../../plugins/errors';
import { requestPasswordReset, setPasswordFromLink } from './links-service';
import {
  type AuthDependencies,
  getMe,
  type IssuedSession,
  refreshSession,
  signIn,
  signOut,
  signOutEverywhere,
} from './sessions-service';
import {
  completeTwoFactorSignIn,
  disableTwoFactor,
  enableTwoFactor,
  setUpTwoFactor,
} from './two-factor-service';

export const refreshCookieName = 'portals_refresh';
const refreshCookiePath = '/v1/auth';

const localHostnames = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Routes the refresh cookie authenticates answer only to our own pages: a foreign `Origin` or a
 * cross-site fetch is refused, on top of SameSite=Strict. In development the SPAs' dev servers
 * (other local ports, proxying to the API) count as ours.
 */
const sameOriginOnly = (publicUrl: string, development: boolean) => {
  const publicOrigin = new URL(publicUrl).origin;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    const crossSite = request.headers['sec-fetch-site'] === 'cross-site';
    let foreign = false;
    if (origin !== undefined && origin !== publicOrigin) {
      const hostname = URL.canParse(origin) ? new URL(origin).hostname : undefined;
      foreign = !(development && hostname !== undefined && localHostnames.has(hostname));
    }
    if (crossSite || foreign) {
      return sendProblem(request, reply, 'forbidden', 'This request must come from the portal itself');
    }
  };
};

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const cookieRoutesGuard = sameOriginOnly(app.config.publicUrl, app.config.env !== 'production');
  const deps: AuthDependencies = {
    db: privileged(app.db),
    config: app.config,
    signAccessToken: (claims, expiresInSeconds) => app.jwt.sign(claims, { expiresIn: expiresInSeconds }),
  };

  // The refresh token never reaches JavaScript: httpOnly, SameSite=Strict, only sent to /v1/auth.
  const setRefreshCookie = (reply: FastifyReply, refreshToken: string) =>
    reply.setCookie(refreshCookieName, refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: app.config.secureCookies,
      path: refreshCookiePath,
      maxAge: app.config.refreshTokenTtlDays * 86_400,
    });
  const sendSession = (reply: FastifyReply, issued: IssuedSession) =>
    setRefreshCookie(reply, issued.refreshToken).header('cache-control', 'no-store').send(issued.session);
  /** A session, or for an account with two-factor sign-in, the challenge to finish with a code. */
  const sendSignInOutcome = (
    reply: FastifyReply,
    outcome: { issued: IssuedSession } | { challengeToken: string },
  ) =>
    'challengeToken' in outcome
      ? reply
          .header('cache-control', 'no-store')
          .send({ twoFactorRequired: true as const, challengeToken: outcome.challengeToken })
      : sendSession(reply, outcome.issued);

  app.post(
    '/auth/sign-in',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description:
          'Answers the session, with the refresh token set as an httpOnly cookie; or, for an account with ' +
          'two-factor sign-in, a challenge to complete at /v1/auth/sign-in/two-factor.',
        body: SignInRequest,
        response: { 200: SignInResponse },
      },
    },
    async (request, reply) => sendSignInOutcome(reply, await signIn(deps, request.body, request.context)),
  );

  app.post(
    '/auth/sign-in/two-factor',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Finish signing in with the code from the authenticator app, or a recovery code',
        body: TwoFactorSignInRequest,
        response: { 200: Session },
      },
    },
    async (request, reply) =>
      sendSession(reply, await completeTwoFactorSignIn(deps, request.body, request.context)),
  );

  app.post(
    '/me/two-factor/setup',
    {
      config: { access: { signInSession: true } },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up two-factor sign-in: a secret for the authenticator app',
        response: { 200: TwoFactorSetup },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await setUpTwoFactor(deps, requireActor(request))),
  );

  app.post(
    '/me/two-factor/enable',
    {
      config: { access: { signInSession: true } },
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor sign-in on with a first code; answers the recovery codes, once',
        body: TwoFactorCode,
        response: { 200: TwoFactorEnabled },
      },
    },
    async (request, reply) => {
      const { recoveryCodes, issued } = await enableTwoFactor(
        deps,
        requireActor(request),
        request.body.code,
        request.context,
      );
      setRefreshCookie(reply, issued.refreshToken);
      return reply.header('cache-control', 'no-store').send({ recoveryCodes, session: issued.session });
    },
  );

  app.post(
    '/me/two-factor/disable',
    {
      config: { access: { signInSession: true } },
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor sign-in off with a current code (administrators must keep it)',
        body: TwoFactorCode,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await disableTwoFactor(deps, requireActor(request), request.body.code, request.context);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { access: { public: true } },
      onRequest: cookieRoutesGuard,
      schema: {
        tags: ['auth'],
        summary: 'A new access token from the refresh cookie, which is rotated',
        response: { 200: Session },
      },
    },
    async (request, reply) =>
      sendSession(reply, await refreshSession(deps, request.cookies[refreshCookieName], request.context)),
  );

  app.post(
    '/auth/sign-out',
    {
      config: { access: { public: true } },
      onRequest: cookieRoutesGuard,
      schema: { tags: ['auth'], summary: 'Sign out of this device', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await signOut(deps, request.cookies[refreshCookieName]);
      return reply.clearCookie(refreshCookieName, { path: refreshCookiePath }).status(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      config: { access: { signInSession: true } },
      schema: { tags: ['auth'], summary: 'Sign out of every device', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await signOutEverywhere(deps, requireActor(request), request.context);
      return reply.clearCookie(refreshCookieName, { path: refreshCookiePath }).status(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Email a password reset link (valid 1 hour)',
        description: 'The answer is the same whether or not the email is known.',
        body: PasswordResetRequest,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, request.body.email, request.body.portal, request.context);
      return reply.status(202).send({
        message: 'If an account uses this email, a link to reset its password is on its way.',
      });
    },
  );

  app.post(
    '/auth/set-password',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Set a password from an invitation or reset link, and sign in',
        description:
          'Answers like sign-in: the session, or for an account with two-factor sign-in, a challenge to ' +
          'complete at /v1/auth/sign-in/two-factor (the password is set either way).',
        body: SetPasswordRequest,
        response: { 200: SignInResponse },
      },
    },
    async (request, reply) =>
      sendSignInOutcome(reply, await setPasswordFromLink(deps, request.body, request.context)),
  );

  app.get(
    '/me',
    {
      config: { access: { authenticated: true, apiTokens: true } },
      schema: { tags: ['auth'], summary: 'Who is signed in, and what they may do', response: { 200: Me } },
    },
    async (request) => getMe(deps, requireActor(request)),
  );
};
