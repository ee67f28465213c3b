import {
  Accepted,
  Me,
  PasswordResetRequest,
  Session,
  SetPasswordRequest,
  SignInRequest,
} from '@portals/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../lib/require-actor';
import {
  type AuthDependencies,
  getMe,
  type IssuedSession,
  type RequestContext,
  refreshSession,
  requestPasswordReset,
  setPasswordFromLink,
  signIn,
  signOut,
  signOutEverywhere,
} from './service';

export const refreshCookieName = 'portals_refresh';
const refreshCookiePath = '/v1/auth';

const contextOf = (request: FastifyRequest): RequestContext => ({
  ipAddress: request.ip,
  userAgent: request.headers['user-agent'],
  requestId: request.id,
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps: AuthDependencies = {
    db: app.db,
    config: app.config,
    signAccessToken: (claims, expiresInSeconds) => app.jwt.sign(claims, { expiresIn: expiresInSeconds }),
  };

  // The refresh token never reaches JavaScript: httpOnly, SameSite=Strict, only sent to /v1/auth.
  const sendSession = (reply: FastifyReply, issued: IssuedSession) =>
    reply
      .setCookie(refreshCookieName, issued.refreshToken, {
        httpOnly: true,
        sameSite: 'strict',
        secure: app.config.secureCookies,
        path: refreshCookiePath,
        maxAge: app.config.refreshTokenTtlDays * 86_400,
      })
      .header('cache-control', 'no-store')
      .send(issued.session);

  app.post(
    '/auth/sign-in',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description: 'Answers the session; the refresh token is set as an httpOnly cookie.',
        body: SignInRequest,
        response: { 200: Session },
      },
    },
    async (request, reply) => sendSession(reply, await signIn(deps, request.body, contextOf(request))),
  );

  app.post(
    '/auth/refresh',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'A new access token from the refresh cookie, which is rotated',
        response: { 200: Session },
      },
    },
    async (request, reply) =>
      sendSession(reply, await refreshSession(deps, request.cookies[refreshCookieName], contextOf(request))),
  );

  app.post(
    '/auth/sign-out',
    {
      config: { access: { public: true } },
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
      config: { access: { authenticated: true } },
      schema: { tags: ['auth'], summary: 'Sign out of every device', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await signOutEverywhere(deps, requireActor(request), contextOf(request));
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
        body: PasswordResetRequest.extend({ portal: z.enum(['support', 'subscriber']).default('support') }),
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, request.body.email, request.body.portal, contextOf(request));
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
        body: SetPasswordRequest,
        response: { 200: Session },
      },
    },
    async (request, reply) =>
      sendSession(reply, await setPasswordFromLink(deps, request.body, contextOf(request))),
  );

  app.get(
    '/me',
    {
      config: { access: { authenticated: true } },
      schema: { tags: ['auth'], summary: 'Who is signed in, and what they may do', response: { 200: Me } },
    },
    async (request) => getMe(deps, requireActor(request)),
  );
};
