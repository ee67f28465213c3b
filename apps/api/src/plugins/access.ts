import fastifyJwt from '@fastify/jwt';
import type { Actor, ContactRole, RouteAccess, StaffRole, SubscriptionTier, UserKind } from '@portals/domain';
import { hasPermission, permissionsOfAccess } from '@portals/domain';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client';
import { privileged } from '../db/scope';
import { deferSessionCheck, type SessionCheck, sessionEndedDetail } from '../db/session-check';
import { apiTokenSecretOf, authenticateApiToken } from '../modules/api-tokens/service';
import { findSessionState } from '../modules/auth/repository';
import { databaseUnavailableDetail, isDatabaseUnavailable, problemOf, sendProblem } from './errors';

/** Declared by each endpoint (see the domain's endpoint definitions). */
export type { RouteAccess };

/** The kind of each declaration, as the API document names it. */
export type AccessKind = 'public' | 'sign-in-session' | 'authenticated' | 'permission';

export const accessKindOf = (access: RouteAccess): AccessKind =>
  'public' in access
    ? 'public'
    : 'signInSession' in access
      ? 'sign-in-session'
      : 'authenticated' in access
        ? 'authenticated'
        : 'permission';

/** Whether an API token may be used on a route at all (its scopes are checked on top). */
export const takesApiTokens = (access: RouteAccess): boolean =>
  permissionsOfAccess(access) !== null || ('authenticated' in access && access.apiTokens === true);

/** How the API document names a route's permission(s). */
export const documentedPermissionOf = (access: RouteAccess): string =>
  permissionsOfAccess(access)?.join(' | ') ?? ('public' in access ? 'public' : 'authenticated');

/** The access token's claims (kept short: they travel with every request). */
export interface AccessClaims {
  sub: string;
  kind: UserKind;
  org: string | null;
  roles: ContactRole[];
  staff: StaffRole[];
  tier: SubscriptionTier | null;
  sv: number;
  /** The session passed two-factor sign-in. */
  mfa: boolean;
  /** The sign-in session (refresh-token family) the token was issued to; absent in older tokens. */
  sid?: string;
}

/**
 * Reads a signed link's `?token=` (a download link) for this request: the holder's claims when it is a
 * live link to exactly what the request asks for, else null. A route declaring one takes such a token
 * in place of an access token; every other route, and every Authorization header, never does.
 */
export type SignedLinkVerifier = (token: string, request: FastifyRequest) => AccessClaims | null;

/** The `?token=` of a request without an Authorization header, on a route that takes signed links. */
const signedLinkTokenOf = (request: FastifyRequest): string | undefined => {
  if (!request.routeOptions.config.signedLink || request.headers.authorization !== undefined)
    return undefined;
  const token = (request.query as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** The route also takes a signed link's `?token=` instead of an access token (see SignedLinkVerifier). */
    signedLink?: SignedLinkVerifier;
    /**
     * A read (GET) whose session check is made with its first scoped transaction's opening statement
     * instead of a query of its own (db/session-check.ts); if the route never opens one, the check is
     * made before its answer is sent, which then becomes a 401. Only for answers sent with
     * `reply.send` (or returned), never a hijacked or raw reply: nothing else passes the onSend hook.
     */
    deferredSessionCheck?: true;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** This request's deferred session check, if its route defers it. */
    sessionCheck: SessionCheck | null;
    /** The sign-in session of the access token (none for API tokens and signed links). */
    signInSessionId: string | null;
  }
  interface FastifyInstance {
    /** Every route as registered, with its declared access: for the checks that compare them. */
    readonly registeredRoutes: readonly RouteOptions[];
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}

const toActor = (claims: AccessClaims): Actor => ({
  userId: claims.sub,
  kind: claims.kind,
  organizationId: claims.org,
  contactRoles: claims.roles,
  staffRoles: claims.staff,
  tier: claims.tier,
  twoFactorVerified: claims.mfa === true,
  scopes: null,
});

/**
 * Authenticated by default: a route without an `access` declaration stops the app from starting,
 * and a non-public route needs a valid access token carrying its permission.
 */
export const accessPlugin = fp(async (app: FastifyInstance, options: { jwtSecret: string; db: Database }) => {
  await app.register(fastifyJwt, {
    secret: options.jwtSecret,
    sign: { algorithm: 'HS256', expiresIn: '15m' },
    // The last thousand verified tokens are kept until they expire: a portal's requests repeat a
    // token for its fifteen minutes, and a hit skips the signature and claims checks (the session
    // check against the database still runs on every request).
    verify: { algorithms: ['HS256'], cache: true },
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('apiTokenScopes', null);
  app.decorateRequest('apiTokenId', null);
  app.decorateRequest('sessionCheck', null);
  app.decorateRequest('signInSessionId', null);

  // Checked once every plugin has added its routes (a scope may declare its routes public after us).
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (
      route.config?.deferredSessionCheck &&
      methods.some((method) => method !== 'GET' && method !== 'HEAD')
    ) {
      throw new Error(`Only reads may defer their session check: ${methods.join(',')} ${route.url}`);
    }
    routes.push(route);
  });
  app.decorate('registeredRoutes', routes);
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((route) => !route.config?.access);
    if (undeclared.length > 0) {
      const names = undeclared.map((route) => `${route.method} ${route.url}`).join(', ');
      throw new Error(`Routes that declare no access (add config.access): ${names}`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return;
    // An API token (`pat_…`) acts for its owner as they are now, and only within its scopes.
    const apiTokenSecret = apiTokenSecretOf(request.headers.authorization);
    if (apiTokenSecret) {
      const authenticated = await authenticateApiToken(options.db, apiTokenSecret);
      if (!authenticated)
        return sendProblem(request, reply, 'unauthenticated', 'A valid access token is required');
      request.actor = authenticated.actor;
      request.apiTokenScopes = authenticated.scopes;
      request.apiTokenId = authenticated.tokenId;
      if (!takesApiTokens(access)) {
        return sendProblem(request, reply, 'forbidden', 'API tokens cannot be used for this: sign in');
      }
      const needed = permissionsOfAccess(access);
      if (!needed) return;
      if (!needed.some((permission) => authenticated.scopes.includes(permission))) {
        return sendProblem(
          request,
          reply,
          'forbidden',
          `This API token does not carry the permission ${needed.join(' or ')}`,
        );
      }
      if (!needed.some((permission) => request.actor && hasPermission(request.actor, permission))) {
        return sendProblem(
          request,
          reply,
          'forbidden',
          `You do not have the permission ${needed.join(' or ')}`,
        );
      }
      return;
    }
    let claims: AccessClaims;
    const linkToken = signedLinkTokenOf(request);
    if (linkToken !== undefined) {
      const linked = request.routeOptions.config.signedLink?.(linkToken, request) ?? null;
      if (!linked) return sendProblem(request, reply, 'unauthenticated', 'A valid access token is required');
      claims = linked;
    } else {
      try {
        claims = await request.jwtVerify<AccessClaims>();
      } catch {
        return sendProblem(request, reply, 'unauthenticated', 'A valid access token is required');
      }
    }
    // Deactivation, sign-out everywhere and role changes raise the session version: they take
    // effect on the next request, not when the token expires.
    if (request.routeOptions.config.deferredSessionCheck) {
      // Checked with the request's first scoped transaction, or at the latest before the answer leaves.
      request.actor = toActor(claims);
      request.sessionCheck = { userId: claims.sub, sessionVersion: claims.sv, outcome: 'pending' };
      deferSessionCheck(request.actor, request.sessionCheck);
      const needed = permissionsOfAccess(access);
      const actor = request.actor;
      if (needed && !needed.some((permission) => hasPermission(actor, permission))) {
        return sendProblem(
          request,
          reply,
          'forbidden',
          `You do not have the permission ${needed.join(' or ')}`,
        );
      }
      return;
    }
    const state = await findSessionState(privileged(options.db), claims.sub);
    if (!state?.active || state.sessionVersion !== claims.sv) {
      return sendProblem(request, reply, 'unauthenticated', sessionEndedDetail);
    }
    const actor = toActor(claims);
    request.actor = actor;
    if (linkToken === undefined && typeof claims.sid === 'string') request.signInSessionId = claims.sid;
    const needed = permissionsOfAccess(access);
    if (needed && !needed.some((permission) => hasPermission(actor, permission))) {
      return sendProblem(
        request,
        reply,
        'forbidden',
        `You do not have the permission ${needed.join(' or ')}`,
      );
    }
  });

  /** An answer being replaced: a stream's file or cursor is closed, not left open. */
  const destroyStream = (payload: unknown): void => {
    if (
      payload &&
      typeof payload === 'object' &&
      'destroy' in payload &&
      typeof payload.destroy === 'function'
    ) {
      payload.destroy();
    }
  };

  // A deferred check the route's transactions did not settle is settled here, before anything leaves:
  // an ended session turns whatever the route answered (data, 403, 404) into the 401 it would have got.
  app.addHook('onSend', async (request, reply, payload) => {
    const check = request.sessionCheck;
    if (!check || check.outcome === 'valid') return payload;
    if (check.outcome === 'pending') {
      // A failure of our own (the database went away during the route) carries nothing to withhold.
      if (reply.statusCode >= 500) return payload;
      let state: Awaited<ReturnType<typeof findSessionState>>;
      try {
        state = await findSessionState(privileged(options.db), check.userId);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        // The session cannot be confirmed: nothing of the answer leaves, the client retries.
        destroyStream(payload);
        reply.removeHeader('etag');
        reply.header('retry-after', '2');
        reply.status(503).type('application/problem+json');
        return JSON.stringify(
          problemOf('service_unavailable', databaseUnavailableDetail, {
            instance: request.url,
            requestId: request.id,
          }),
        );
      }
      check.outcome = state?.active && state.sessionVersion === check.sessionVersion ? 'valid' : 'ended';
      if (check.outcome === 'valid') return payload;
    }
    if (reply.statusCode === 401) return payload;
    destroyStream(payload);
    reply.removeHeader('etag');
    reply.status(401).type('application/problem+json');
    return JSON.stringify(
      problemOf('unauthenticated', sessionEndedDetail, { instance: request.url, requestId: request.id }),
    );
  });
});

/**
 * For plugins we do not own (docs, static files): declares every route of the scope public
 * in one place, and keeps them out of the API document.
 */
export const declarePublic = (app: FastifyInstance): void => {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: { public: true } };
    route.schema = { ...route.schema, hide: true };
  });
};
