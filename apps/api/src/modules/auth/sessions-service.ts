import { randomUUID } from 'node:crypto';
import { type Actor, type Me, needsTwoFactor, permissionsFor, type Session } from '@portals/domain';
import type { Config } from '../../config';
import { type AnyExecutor, type PrivilegedDatabase, readScoped, scopeOf, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import { consumeRateLimits, type RateLimit } from '../../lib/rate-limit';
import type { RequestContext } from '../../lib/request-context';
import { hashSecretToken, newSecretToken } from '../../lib/secret-tokens';
import type { AccessClaims } from '../../plugins/access';
import {
  bumpSessionVersion,
  findOwnUser,
  findRefreshTokenForUpdate,
  findUserById,
  insertOneTimeToken,
  insertRefreshToken,
  markRefreshTokenRotated,
  revokeRefreshTokenFamily,
  revokeRefreshTokensOfUser,
  type SessionUser,
  unsafeFindUserByEmail,
} from './repository';

// Sessions: sign-in with a password, refresh-token rotation, sign-out, and who is signed in.

export interface AuthDependencies {
  /**
   * Sign-in and sessions come before any actor: the privileged path. What an actor does to their own
   * account (`/v1/me`, two-factor settings, sign-out everywhere) runs `withScope` on it.
   */
  db: PrivilegedDatabase;
  config: Config;
  signAccessToken: (claims: AccessClaims, expiresInSeconds: number) => string;
}

export interface IssuedSession {
  session: Session;
  refreshToken: string;
}

export const invalidCredentials = () =>
  new AppError('unauthenticated', 'The email or password is not correct');
export const sessionEnded = () => new AppError('unauthenticated', 'Your session has ended: sign in again');

// Verifying against a real hash when the email is unknown keeps both answers equally slow.
let dummyHash: Promise<string> | undefined;
const equalizeTiming = async (password: string) => {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
  await verifyPassword(await dummyHash, password);
};

export const actorOf = (user: SessionUser, twoFactorVerified: boolean): Actor => ({
  userId: user.id,
  kind: user.kind,
  organizationId: user.organizationId,
  contactRoles: user.contactRoles,
  staffRoles: user.staffRoles,
  tier: user.tier,
  twoFactorVerified,
  scopes: null,
});

export const meOf = (user: SessionUser, twoFactorVerified: boolean): Me => {
  const actor = actorOf(user, twoFactorVerified);
  return {
    id: user.id,
    kind: user.kind,
    name: user.name,
    email: user.email,
    organizationId: user.organizationId,
    contactRoles: user.contactRoles,
    staffRoles: user.staffRoles,
    tier: user.tier,
    permissions: permissionsFor(actor, user.organizationKind),
    twoFactorEnabled: user.totpEnabledAt !== null,
    twoFactorRequired: needsTwoFactor(actor),
  };
};

const claimsOf = (user: SessionUser, twoFactorVerified: boolean, familyId: string): AccessClaims => ({
  sub: user.id,
  kind: user.kind,
  org: user.organizationId,
  roles: user.contactRoles,
  staff: user.staffRoles,
  tier: user.tier,
  sv: user.sessionVersion,
  mfa: twoFactorVerified,
  sid: familyId,
});

/** A new refresh token in `familyId` (a new family at sign-in) and an access token. */
export const issueSession = async (
  deps: AuthDependencies,
  executor: AnyExecutor,
  user: SessionUser,
  context: RequestContext,
  options: { twoFactorVerified: boolean; familyId?: string },
): Promise<IssuedSession> => {
  const refreshToken = newSecretToken();
  const familyId = options.familyId ?? randomUUID();
  await insertRefreshToken(executor, {
    userId: user.id,
    organizationId: user.organizationId,
    familyId,
    twoFactorVerified: options.twoFactorVerified,
    tokenHash: hashSecretToken(refreshToken),
    expiresAt: new Date(Date.now() + deps.config.refreshTokenTtlDays * 86_400_000),
    ipAddress: context.ipAddress,
    userAgent: context.userAgent?.slice(0, 500) ?? null,
  });
  const ttl = deps.config.accessTokenTtlSeconds;
  return {
    refreshToken,
    session: {
      accessToken: deps.signAccessToken(claimsOf(user, options.twoFactorVerified, familyId), ttl),
      expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
      expiresInSeconds: ttl,
      me: meOf(user, options.twoFactorVerified),
    },
  };
};

/**
 * Sign-in limits: per address, per account from one address, and per account from anywhere (high,
 * against distributed guessing). An attacker's burst from one address never locks the owner out
 * elsewhere, and the longest wait is one window. Unknown emails count the same, revealing nothing.
 */
export const signInLimits = {
  perAddress: { name: 'sign-in:ip', max: 30, windowSeconds: 300 },
  perAccountAndAddress: { name: 'sign-in:account-ip', max: 10, windowSeconds: 300 },
  perAccount: { name: 'sign-in:account', max: 100, windowSeconds: 300 },
} as const satisfies Record<string, RateLimit>;

export const resetLimits = {
  perAddress: { name: 'password-reset:ip', max: 10, windowSeconds: 900 },
  perAccount: { name: 'password-reset:account', max: 5, windowSeconds: 900 },
} as const satisfies Record<string, RateLimit>;

export const consumeLimits = (
  deps: Pick<AuthDependencies, 'db' | 'config'>,
  hits: Parameters<typeof consumeRateLimits>[1],
) => (deps.config.rateLimits ? consumeRateLimits(deps.db, hits) : Promise.resolve());

const refreshLimit: RateLimit = { name: 'refresh:ip', max: 300, windowSeconds: 300 };

/** How long a two-factor challenge waits for its code. */
const challengeLifetimeMs = 5 * 60_000;

/**
 * The password was right but the account has two-factor sign-in: no session yet, a single-use
 * challenge to finish at /v1/auth/sign-in/two-factor with a code. In the caller's transaction.
 */
export const createTwoFactorChallenge = async (
  executor: AnyExecutor,
  user: Pick<SessionUser, 'id' | 'organizationId'>,
): Promise<string> => {
  const challengeToken = newSecretToken();
  await insertOneTimeToken(executor, {
    userId: user.id,
    organizationId: user.organizationId,
    purpose: 'two_factor_challenge',
    tokenHash: hashSecretToken(challengeToken),
    expiresAt: new Date(Date.now() + challengeLifetimeMs),
  });
  return challengeToken;
};

export type SignInOutcome = { issued: IssuedSession } | { challengeToken: string };

export const signIn = async (
  deps: AuthDependencies,
  credentials: { email: string; password: string },
  context: RequestContext,
): Promise<SignInOutcome> => {
  await consumeLimits(deps, [
    { limit: signInLimits.perAddress, subject: context.ipAddress },
    { limit: signInLimits.perAccountAndAddress, subject: `${credentials.email}|${context.ipAddress}` },
    { limit: signInLimits.perAccount, subject: credentials.email },
  ]);
  const user = await unsafeFindUserByEmail(deps.db, credentials.email);
  let passwordMatches = false;
  if (user?.passwordHash) passwordMatches = await verifyPassword(user.passwordHash, credentials.password);
  else await equalizeTiming(credentials.password);
  if (!user || !passwordMatches || !user.active) {
    await recordAudit(deps.db, {
      action: 'auth.sign_in_failed',
      actorUserId: user?.id ?? null,
      organizationId: user?.organizationId ?? null,
      details: { reason: !user ? 'unknown_email' : !passwordMatches ? 'wrong_password' : 'inactive' },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    throw invalidCredentials();
  }
  if (user.totpEnabledAt) return { challengeToken: await createTwoFactorChallenge(deps.db, user) };
  return deps.db.transaction(async (tx) => {
    await recordAudit(tx, {
      action: 'auth.signed_in',
      actorUserId: user.id,
      organizationId: user.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return { issued: await issueSession(deps, tx, user, context, { twoFactorVerified: false }) };
  });
};

/**
 * A browser that lost the answer to a refresh (a reload or a dropped connection mid-request) still
 * holds the previous token: presenting it again within this grace is a retry, not theft. The grace
 * runs from the first rotation and retries never extend it, so a copied token cannot be kept alive by
 * replaying it: past the grace, any presentation revokes the family.
 */
export const refreshReuseGraceMs = 10_000;

/**
 * Rotates a refresh token. A token already rotated means a copy is in someone else's hands:
 * the whole family is revoked, so both the thief and the owner must sign in again.
 */
export const refreshSession = async (
  deps: AuthDependencies,
  refreshToken: string | undefined,
  context: RequestContext,
): Promise<IssuedSession> => {
  if (!refreshToken) throw sessionEnded();
  await consumeLimits(deps, [{ limit: refreshLimit, subject: context.ipAddress }]);
  const outcome = await deps.db.transaction(async (tx) => {
    const stored = await findRefreshTokenForUpdate(tx, hashSecretToken(refreshToken));
    if (!stored || stored.revokedAt || stored.expiresAt.getTime() <= Date.now())
      return { ended: true } as const;
    if (stored.rotatedAt && Date.now() - stored.rotatedAt.getTime() > refreshReuseGraceMs) {
      await revokeRefreshTokenFamily(tx, stored.familyId);
      await recordAudit(tx, {
        action: 'auth.refresh_token_reused',
        actorUserId: stored.userId,
        organizationId: stored.organizationId,
        details: { familyId: stored.familyId },
        ipAddress: context.ipAddress,
        requestId: context.requestId,
      });
      return { ended: true } as const;
    }
    const user = await findUserById(tx, stored.userId);
    if (!user?.active) {
      await revokeRefreshTokenFamily(tx, stored.familyId);
      return { ended: true } as const;
    }
    await markRefreshTokenRotated(tx, stored.id);
    const issued = await issueSession(deps, tx, user, context, {
      familyId: stored.familyId,
      twoFactorVerified: stored.twoFactorVerified,
    });
    return { ended: false, issued } as const;
  });
  if (outcome.ended) throw sessionEnded();
  return outcome.issued;
};

export const signOut = async (deps: AuthDependencies, refreshToken: string | undefined): Promise<void> => {
  if (!refreshToken) return;
  await deps.db.transaction(async (tx) => {
    const stored = await findRefreshTokenForUpdate(tx, hashSecretToken(refreshToken));
    if (stored) await revokeRefreshTokenFamily(tx, stored.familyId);
  });
};

/** Ends every session of the user at once: refresh tokens revoked, access tokens refused from now on. */
export const signOutEverywhere = async (deps: AuthDependencies, actor: Actor, context: RequestContext) => {
  await withScope(deps.db, scopeOf(actor), async (tx) => {
    await revokeRefreshTokensOfUser(tx, actor.userId);
    await bumpSessionVersion(tx, actor.userId);
    await recordAudit(tx, {
      action: 'auth.signed_out_everywhere',
      actorUserId: actor.userId,
      organizationId: actor.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
  });
};

export const getMe = async (deps: AuthDependencies, actor: Actor): Promise<Me> => {
  const [user] = await readScoped(deps.db, scopeOf(actor), (tx) => [findOwnUser(tx, actor.userId)]);
  if (!user) throw sessionEnded();
  return meOf(user, actor.twoFactorVerified);
};
