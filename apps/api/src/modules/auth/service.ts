import { randomUUID } from 'node:crypto';
import { type Actor, hasPermission, type Me, permissions, type Session } from '@portals/domain';
import type { Config } from '../../config';
import type { Database, Executor } from '../../db/client';
import { AppError } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import { hashSecretToken, newSecretToken } from '../../lib/secret-tokens';
import type { AccessClaims } from '../../plugins/access';
import { queueEmail } from '../email/outbox';
import {
  bumpSessionVersion,
  findOneTimeTokenForUpdate,
  findRefreshTokenForUpdate,
  findUserById,
  insertOneTimeToken,
  insertRefreshToken,
  markOneTimeTokenUsed,
  markRefreshTokenRotated,
  revokeRefreshTokenFamily,
  revokeRefreshTokensOfUser,
  type SessionUser,
  setPasswordHash,
  unsafeFindUserByEmail,
} from './repository';

export interface AuthDependencies {
  db: Database;
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

export type Portal = 'support' | 'subscriber';

const invalidCredentials = () => new AppError('unauthenticated', 'The email or password is not correct');
const sessionEnded = () => new AppError('unauthenticated', 'Your session has ended: sign in again');

// Verifying against a real hash when the email is unknown keeps both answers equally slow.
let dummyHash: Promise<string> | undefined;
const equalizeTiming = async (password: string) => {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
  await verifyPassword(await dummyHash, password);
};

export const actorOf = (user: SessionUser): Actor => ({
  userId: user.id,
  kind: user.kind,
  organizationId: user.organizationId,
  contactRoles: user.contactRoles,
  staffRoles: user.staffRoles,
  tier: user.tier,
});

export const meOf = (user: SessionUser): Me => {
  const actor = actorOf(user);
  return {
    id: user.id,
    kind: user.kind,
    name: user.name,
    email: user.email,
    organizationId: user.organizationId,
    contactRoles: user.contactRoles,
    staffRoles: user.staffRoles,
    tier: user.tier,
    permissions: permissions.filter((permission) => hasPermission(actor, permission)),
  };
};

const claimsOf = (user: SessionUser): AccessClaims => ({
  sub: user.id,
  kind: user.kind,
  org: user.organizationId,
  roles: user.contactRoles,
  staff: user.staffRoles,
  tier: user.tier,
  sv: user.sessionVersion,
});

/** A new refresh token in `familyId` (a new family at sign-in) and an access token. */
const issueSession = async (
  deps: AuthDependencies,
  executor: Executor,
  user: SessionUser,
  context: RequestContext,
  familyId: string = randomUUID(),
): Promise<IssuedSession> => {
  const refreshToken = newSecretToken();
  await insertRefreshToken(executor, {
    userId: user.id,
    organizationId: user.organizationId,
    familyId,
    tokenHash: hashSecretToken(refreshToken),
    expiresAt: new Date(Date.now() + deps.config.refreshTokenTtlDays * 86_400_000),
    ipAddress: context.ipAddress,
    userAgent: context.userAgent?.slice(0, 500) ?? null,
  });
  const ttl = deps.config.accessTokenTtlSeconds;
  return {
    refreshToken,
    session: {
      accessToken: deps.signAccessToken(claimsOf(user), ttl),
      expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
      me: meOf(user),
    },
  };
};

export const signIn = async (
  deps: AuthDependencies,
  credentials: { email: string; password: string },
  context: RequestContext,
): Promise<IssuedSession> => {
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
  return deps.db.transaction(async (tx) => {
    await recordAudit(tx, {
      action: 'auth.signed_in',
      actorUserId: user.id,
      organizationId: user.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return issueSession(deps, tx, user, context);
  });
};

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
  const outcome = await deps.db.transaction(async (tx) => {
    const stored = await findRefreshTokenForUpdate(tx, hashSecretToken(refreshToken));
    if (!stored || stored.revokedAt || stored.expiresAt.getTime() <= Date.now())
      return { ended: true } as const;
    if (stored.rotatedAt) {
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
    return { ended: false, issued: await issueSession(deps, tx, user, context, stored.familyId) } as const;
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
  return meOf(user);
};

const linkLifetimeMs = { invitation: 7 * 86_400_000, password_reset: 3_600_000 } as const;

/**
 * Creates a single-use set-your-password link and queues its email, in the caller's transaction.
 * Invitations last 7 days, reset links 1 hour.
 */
export const queuePasswordLink = async (
  deps: Pick<AuthDependencies, 'config'>,
  executor: Executor,
  user: Pick<SessionUser, 'id' | 'email' | 'name' | 'organizationId'>,
  purpose: 'invitation' | 'password_reset',
  portal: Portal,
): Promise<void> => {
  const token = newSecretToken();
  await insertOneTimeToken(executor, {
    userId: user.id,
    organizationId: user.organizationId,
    purpose,
    tokenHash: hashSecretToken(token),
    expiresAt: new Date(Date.now() + linkLifetimeMs[purpose]),
  });
  const link = `${deps.config.publicUrl}/${portal}/set-password?token=${token}`;
  const portalName = portal === 'support' ? 'Support Portal' : 'Subscriber Portal';
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
  portal: Portal,
  context: RequestContext,
): Promise<void> => {
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
    return issueSession(deps, tx, user, context);
  });
  if (!outcome) {
    throw new AppError('bad_request', 'This link has expired or was already used: ask for a new one', [
      { path: 'body.token', message: 'expired or already used' },
    ]);
  }
  return outcome;
};
