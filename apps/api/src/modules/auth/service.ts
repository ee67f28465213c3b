import { randomUUID } from 'node:crypto';
import {
  type Actor,
  hasPermission,
  type Me,
  needsTwoFactor,
  type PortalId,
  permissionsFor,
  rolesRequiringTwoFactor,
  type Session,
  type TwoFactorSetup,
} from '@portals/domain';
import type { Config } from '../../config';
import type { AnyExecutor, PrivilegedDatabase } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import { consumeRateLimits, type RateLimit } from '../../lib/rate-limit';
import { createSecretBox } from '../../lib/secret-box';
import { hashSecretToken, newSecretToken } from '../../lib/secret-tokens';
import { newTotpSecret, otpauthUri, verifyTotp } from '../../lib/totp';
import type { AccessClaims } from '../../plugins/access';
import { queueEmail } from '../email/outbox';
import {
  bumpSessionVersion,
  claimTotpStep,
  disableTotp,
  enableTotp,
  findOneTimeTokenForUpdate,
  findRefreshTokenForUpdate,
  findUserById,
  insertOneTimeToken,
  insertRefreshToken,
  markOneTimeTokenUsed,
  markRefreshTokenRotated,
  replaceRecoveryCodes,
  revokeRefreshTokenFamily,
  revokeRefreshTokensOfUser,
  type SessionUser,
  setPasswordHash,
  setPendingTotpSecret,
  unsafeFindUserByEmail,
  useRecoveryCode,
} from './repository';

export interface AuthDependencies {
  /** Sign-in and sessions come before any actor: the privileged path. */
  db: PrivilegedDatabase;
  config: Config;
  signAccessToken: (claims: AccessClaims, expiresInSeconds: number) => string;
}

export interface RequestContext {
  ipAddress: string;
  userAgent: string | undefined;
  requestId: string;
}

export interface IssuedSession {
  session: Session;
  refreshToken: string;
}

const invalidCredentials = () => new AppError('unauthenticated', 'The email or password is not correct');
const sessionEnded = () => new AppError('unauthenticated', 'Your session has ended: sign in again');

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

const claimsOf = (user: SessionUser, twoFactorVerified: boolean): AccessClaims => ({
  sub: user.id,
  kind: user.kind,
  org: user.organizationId,
  roles: user.contactRoles,
  staff: user.staffRoles,
  tier: user.tier,
  sv: user.sessionVersion,
  mfa: twoFactorVerified,
});

/** A new refresh token in `familyId` (a new family at sign-in) and an access token. */
const issueSession = async (
  deps: AuthDependencies,
  executor: AnyExecutor,
  user: SessionUser,
  context: RequestContext,
  options: { twoFactorVerified: boolean; familyId?: string },
): Promise<IssuedSession> => {
  const refreshToken = newSecretToken();
  await insertRefreshToken(executor, {
    userId: user.id,
    organizationId: user.organizationId,
    familyId: options.familyId ?? randomUUID(),
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
      accessToken: deps.signAccessToken(claimsOf(user, options.twoFactorVerified), ttl),
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

const resetLimits = {
  perAddress: { name: 'password-reset:ip', max: 10, windowSeconds: 900 },
  perAccount: { name: 'password-reset:account', max: 5, windowSeconds: 900 },
} as const satisfies Record<string, RateLimit>;

const consumeLimits = (
  deps: Pick<AuthDependencies, 'db' | 'config'>,
  hits: Parameters<typeof consumeRateLimits>[1],
) => (deps.config.rateLimits ? consumeRateLimits(deps.db, hits) : Promise.resolve());

const setPasswordLimit: RateLimit = { name: 'set-password:ip', max: 20, windowSeconds: 900 };
const refreshLimit: RateLimit = { name: 'refresh:ip', max: 300, windowSeconds: 300 };

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
  if (user.totpEnabledAt) {
    // The password was right; the session waits for a one-time code.
    const challengeToken = newSecretToken();
    await insertOneTimeToken(deps.db, {
      userId: user.id,
      organizationId: user.organizationId,
      purpose: 'two_factor_challenge',
      tokenHash: hashSecretToken(challengeToken),
      expiresAt: new Date(Date.now() + 5 * 60_000),
    });
    return { challengeToken };
  }
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

const twoFactorLimit: RateLimit = { name: 'two-factor:account', max: 10, windowSeconds: 300 };
const invalidCode = () =>
  new AppError('unauthenticated', 'The code is not correct, or this sign-in has expired: try again');

const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Finishes a sign-in that needs a code from the authenticator app or a recovery code. */
export const completeTwoFactorSignIn = async (
  deps: AuthDependencies,
  request: { challengeToken: string; code?: string | undefined; recoveryCode?: string | undefined },
  context: RequestContext,
): Promise<IssuedSession> => {
  const outcome = await deps.db.transaction(async (tx) => {
    const challenge = await findOneTimeTokenForUpdate(tx, hashSecretToken(request.challengeToken));
    if (
      challenge?.purpose !== 'two_factor_challenge' ||
      challenge.usedAt ||
      challenge.expiresAt.getTime() <= Date.now()
    ) {
      return undefined;
    }
    const user = await findUserById(tx, challenge.userId);
    if (!user?.active || !user.totpEnabledAt || !user.totpSecret) return undefined;
    let method: 'totp' | 'recovery_code';
    if (request.code) {
      const step = verifyTotp(totpBox(deps).open(user.totpSecret), request.code, {
        lastUsedStep: user.totpLastStep,
      });
      if (step === null || !(await claimTotpStep(tx, user.id, step))) return undefined;
      method = 'totp';
    } else {
      const code = normalizeRecoveryCode(request.recoveryCode ?? '');
      if (!(await useRecoveryCode(tx, user.id, hashSecretToken(code)))) return undefined;
      method = 'recovery_code';
    }
    await markOneTimeTokenUsed(tx, challenge.id);
    await recordAudit(tx, {
      action: 'auth.signed_in',
      actorUserId: user.id,
      organizationId: user.organizationId,
      details: { twoFactor: method },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return issueSession(deps, tx, user, context, { twoFactorVerified: true });
  });
  if (!outcome) {
    // Counted only on failure, per address: the challenge is already bound to one account.
    await consumeLimits(deps, [{ limit: twoFactorLimit, subject: context.ipAddress }]);
    throw invalidCode();
  }
  return outcome;
};

const totpBox = (deps: Pick<AuthDependencies, 'config'>) =>
  createSecretBox(deps.config.jwtSecret, 'totp-secret');
const issuerName = 'Subscription portals';

/** Starts enrolment: a new secret to put in the authenticator app; not active until confirmed with a code. */
export const setUpTwoFactor = async (deps: AuthDependencies, actor: Actor): Promise<TwoFactorSetup> => {
  const user = await findUserById(deps.db, actor.userId);
  if (!user) throw sessionEnded();
  if (user.totpEnabledAt) {
    throw new AppError('conflict', 'Two-factor sign-in is already on: turn it off first to set up a new app');
  }
  const secret = newTotpSecret();
  await setPendingTotpSecret(deps.db, user.id, totpBox(deps).seal(secret));
  return { secret, otpauthUri: otpauthUri(secret, user.email, issuerName) };
};

/** Confirms enrolment with a first code; answers the recovery codes (shown once) and a verified session. */
export const enableTwoFactor = async (
  deps: AuthDependencies,
  actor: Actor,
  code: string,
  context: RequestContext,
): Promise<{ recoveryCodes: string[]; issued: IssuedSession }> =>
  deps.db.transaction(async (tx) => {
    const user = await findUserById(tx, actor.userId);
    if (!user) throw sessionEnded();
    if (user.totpEnabledAt) throw new AppError('conflict', 'Two-factor sign-in is already on');
    if (!user.totpSecret)
      throw new AppError('conflict', 'Start the set-up first: no authenticator app is pending');
    const step = verifyTotp(totpBox(deps).open(user.totpSecret), code);
    if (step === null) {
      throw new AppError('validation_failed', 'The code is not correct: check the time on your device', [
        { path: 'body.code', message: 'not the current code' },
      ]);
    }
    await enableTotp(tx, user.id, step);
    const recoveryCodes = Array.from({ length: 10 }, () =>
      (
        newSecretToken()
          .replace(/[^a-zA-Z0-9]/g, '')
          .toLowerCase()
          .slice(0, 12)
          .match(/.{4}/g) ?? []
      ).join('-'),
    );
    await replaceRecoveryCodes(
      tx,
      user,
      recoveryCodes.map((recoveryCode) => hashSecretToken(normalizeRecoveryCode(recoveryCode))),
    );
    await recordAudit(tx, {
      action: 'two_factor.enabled',
      actorUserId: user.id,
      organizationId: user.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    const enabled = { ...user, totpEnabledAt: new Date() };
    return {
      recoveryCodes,
      issued: await issueSession(deps, tx, enabled, context, { twoFactorVerified: true }),
    };
  });

/** Turns two-factor sign-in off with a current code; administrators must keep it. */
export const disableTwoFactor = async (
  deps: AuthDependencies,
  actor: Actor,
  code: string,
  context: RequestContext,
): Promise<void> => {
  if (actor.staffRoles.some((role) => rolesRequiringTwoFactor.includes(role))) {
    throw new AppError('forbidden', 'Administrators must keep two-factor sign-in on');
  }
  await deps.db.transaction(async (tx) => {
    const user = await findUserById(tx, actor.userId);
    if (!user?.totpEnabledAt || !user.totpSecret)
      throw new AppError('conflict', 'Two-factor sign-in is not on');
    const step = verifyTotp(totpBox(deps).open(user.totpSecret), code, { lastUsedStep: user.totpLastStep });
    if (step === null) {
      throw new AppError('validation_failed', 'The code is not correct', [
        { path: 'body.code', message: 'not the current code' },
      ]);
    }
    await disableTotp(tx, user.id);
    await replaceRecoveryCodes(tx, user, []);
    await recordAudit(tx, {
      action: 'two_factor.disabled',
      actorUserId: user.id,
      organizationId: user.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
  });
};

/**
 * A browser that lost the answer to a refresh (a reload or a dropped connection mid-request) still
 * holds the previous token: presenting it again within this grace is a retry, not theft.
 */
export const refreshReuseGraceMs = 30_000;

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
  await deps.db.transaction(async (tx) => {
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
  const user = await findUserById(deps.db, actor.userId);
  if (!user) throw sessionEnded();
  return meOf(user, actor.twoFactorVerified);
};

const linkLifetimeMs = { invitation: 7 * 86_400_000, password_reset: 3_600_000 } as const;

/**
 * Creates a single-use set-your-password link and queues its email, in the caller's transaction.
 * Invitations last 7 days, reset links 1 hour.
 */
/** Creates a single-use set-your-password link into `portal`, in the caller's transaction. */
export const createPasswordLink = async (
  deps: Pick<AuthDependencies, 'config'>,
  executor: AnyExecutor,
  user: Pick<SessionUser, 'id' | 'organizationId'>,
  purpose: 'invitation' | 'password_reset',
  portal: PortalId,
): Promise<string> => {
  const token = newSecretToken();
  await insertOneTimeToken(executor, {
    userId: user.id,
    organizationId: user.organizationId,
    purpose,
    tokenHash: hashSecretToken(token),
    expiresAt: new Date(Date.now() + linkLifetimeMs[purpose]),
  });
  return `${deps.config.publicUrl}/${portal}/set-password?token=${token}`;
};

export const portalNames: Record<PortalId, string> = {
  support: 'Support Portal',
  subscriber: 'Subscriber Portal',
};

/**
 * Creates a set-your-password link and queues its email, in the caller's transaction.
 * Invitations last 7 days, reset links 1 hour.
 */
export const queuePasswordLink = async (
  deps: Pick<AuthDependencies, 'config'>,
  executor: AnyExecutor,
  user: Pick<SessionUser, 'id' | 'email' | 'name' | 'organizationId'>,
  purpose: 'invitation' | 'password_reset',
  portal: PortalId,
): Promise<void> => {
  const link = await createPasswordLink(deps, executor, user, purpose, portal);
  const portalName = portalNames[portal];
  await queueEmail(executor, {
    kind: purpose,
    organizationId: user.organizationId,
    to: [user.email],
    subject:
      purpose === 'invitation'
        ? `Set your password for the ${portalName}`
        : `Reset your ${portalName} password`,
    text:
      purpose === 'invitation'
        ? `Hello ${user.name},\n\nSet your password to start using the ${portalName}:\n${link}\n\nThis link works once and expires in 7 days.\n`
        : `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your password. Choose a new one here:\n${link}\n\nThis link works once and expires in 1 hour. If you did not ask, ignore this email: your password stays as it is.\n`,
  });
};

/** Always the same answer, whether or not the email is known. */
export const requestPasswordReset = async (
  deps: AuthDependencies,
  email: string,
  portal: PortalId,
  context: RequestContext,
): Promise<void> => {
  await consumeLimits(deps, [
    { limit: resetLimits.perAddress, subject: context.ipAddress },
    { limit: resetLimits.perAccount, subject: email },
  ]);
  const user = await unsafeFindUserByEmail(deps.db, email);
  if (!user?.active) return;
  await deps.db.transaction(async (tx) => {
    await queuePasswordLink(deps, tx, user, 'password_reset', portal);
    await recordAudit(tx, {
      action: 'auth.password_reset_requested',
      actorUserId: user.id,
      organizationId: user.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
  });
};

/** Uses a set-your-password link once: sets the password, ends other sessions, and signs in. */
export const setPasswordFromLink = async (
  deps: AuthDependencies,
  request: { token: string; password: string },
  context: RequestContext,
): Promise<IssuedSession> => {
  await consumeLimits(deps, [{ limit: setPasswordLimit, subject: context.ipAddress }]);
  const passwordHash = await hashPassword(request.password);
  const outcome = await deps.db.transaction(async (tx) => {
    const stored = await findOneTimeTokenForUpdate(tx, hashSecretToken(request.token));
    if (!stored || stored.usedAt || stored.expiresAt.getTime() <= Date.now()) return undefined;
    await markOneTimeTokenUsed(tx, stored.id);
    await setPasswordHash(tx, stored.userId, passwordHash);
    await revokeRefreshTokensOfUser(tx, stored.userId);
    const user = await findUserById(tx, stored.userId);
    if (!user?.active) return undefined;
    await recordAudit(tx, {
      action: stored.purpose === 'invitation' ? 'auth.invitation_accepted' : 'auth.password_reset',
      actorUserId: user.id,
      organizationId: user.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return issueSession(deps, tx, user, context, { twoFactorVerified: false });
  });
  if (!outcome) {
    throw new AppError('bad_request', 'This link has expired or was already used: ask for a new one', [
      { path: 'body.token', message: 'expired or already used' },
    ]);
  }
  return outcome;
};
