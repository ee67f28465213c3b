import {
  accountEndpoints,
  authEndpoints,
  type Session,
  type SignInResponse,
  twoFactorEndpoints,
} from '@portals/domain';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { privileged } from '../../db/scope';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { sendProblem } from '../../plugins/errors';
import {
  changePassword,
  endSignInSession,
  getProfile,
  inspectPasswordLink,
  listSignInSessions,
  updateProfile,
} from './account-service';
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

export const authRoutes: FastifyPluginAsync = async (app) => {
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
  const sessionOf = (reply: FastifyReply, issued: IssuedSession): Session => {
    setRefreshCookie(reply, issued.refreshToken).header('cache-control', 'no-store');
    return issued.session;
  };
  /** A session, or for an account with two-factor sign-in, the challenge to finish with a code. */
  const signInOutcomeOf = (
    reply: FastifyReply,
    outcome: { issued: IssuedSession } | { challengeToken: string },
  ): SignInResponse => {
    if (!('challengeToken' in outcome)) return sessionOf(reply, outcome.issued);
    reply.header('cache-control', 'no-store');
    return { twoFactorRequired: true, challengeToken: outcome.challengeToken };
  };

  registerEndpoint(app, authEndpoints.signIn, async (request, reply) =>
    signInOutcomeOf(reply, await signIn(deps, request.body, request.context)),
  );

  registerEndpoint(app, authEndpoints.signInTwoFactor, async (request, reply) =>
    sessionOf(reply, await completeTwoFactorSignIn(deps, request.body, request.context)),
  );

  registerEndpoint(app, twoFactorEndpoints.setUp, async (request, reply) => {
    const setup = await setUpTwoFactor(deps, requireActor(request));
    reply.header('cache-control', 'no-store');
    return setup;
  });

  registerEndpoint(app, twoFactorEndpoints.enable, async (request, reply) => {
    const { recoveryCodes, issued } = await enableTwoFactor(
      deps,
      requireActor(request),
      request.body.code,
      request.context,
      request.signInSessionId,
    );
    return { recoveryCodes, session: sessionOf(reply, issued) };
  });

  registerEndpoint(app, twoFactorEndpoints.disable, async (request) => {
    await disableTwoFactor(deps, requireActor(request), request.body.code, request.context);
    return null;
  });

  registerEndpoint(
    app,
    authEndpoints.refresh,
    async (request, reply) =>
      sessionOf(reply, await refreshSession(deps, request.cookies[refreshCookieName], request.context)),
    { onRequest: cookieRoutesGuard },
  );

  registerEndpoint(
    app,
    authEndpoints.signOut,
    async (request, reply) => {
      await signOut(deps, request.cookies[refreshCookieName]);
      reply.clearCookie(refreshCookieName, { path: refreshCookiePath });
      return null;
    },
    { onRequest: cookieRoutesGuard },
  );

  registerEndpoint(app, authEndpoints.signOutEverywhere, async (request, reply) => {
    await signOutEverywhere(deps, requireActor(request), request.context);
    reply.clearCookie(refreshCookieName, { path: refreshCookiePath });
    return null;
  });

  registerEndpoint(app, authEndpoints.requestPasswordReset, async (request) => {
    await requestPasswordReset(deps, request.body.email, request.body.portal, request.context);
    return { message: 'If an account uses this email, a link to reset its password is on its way.' };
  });

  registerEndpoint(app, authEndpoints.setPassword, async (request, reply) =>
    signInOutcomeOf(reply, await setPasswordFromLink(deps, request.body, request.context)),
  );

  registerEndpoint(app, authEndpoints.me, async (request) => getMe(deps, requireActor(request)), {
    deferredSessionCheck: true,
  });

  registerEndpoint(app, authEndpoints.inspectPasswordLink, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return inspectPasswordLink(deps, request.body.token, request.context);
  });

  registerEndpoint(app, accountEndpoints.changePassword, async (request, reply) =>
    sessionOf(reply, await changePassword(deps, requireActor(request), request.body, request.context)),
  );

  registerEndpoint(app, accountEndpoints.getProfile, async (request) =>
    getProfile(deps, requireActor(request)),
  );

  registerEndpoint(app, accountEndpoints.updateProfile, async (request) =>
    updateProfile(deps, requireActor(request), request.body, request.context),
  );

  registerEndpoint(app, accountEndpoints.listSessions, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return listSignInSessions(deps, requireActor(request), request.signInSessionId);
  });

  registerEndpoint(app, accountEndpoints.endSession, async (request) => {
    await endSignInSession(deps, requireActor(request), request.params.sessionId, request.context);
    return null;
  });
};
