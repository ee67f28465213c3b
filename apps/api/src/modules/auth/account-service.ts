import type {
  Actor,
  ChangePasswordRequest,
  PasswordLink,
  Profile,
  SignInSessionList,
  UpdateProfileRequest,
} from '@portals/domain';
import { scopeOf, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import type { RateLimit } from '../../lib/rate-limit';
import type { RequestContext } from '../../lib/request-context';
import { hashSecretToken } from '../../lib/secret-tokens';
import { queueEmail } from '../email/outbox';
import { portalUrl } from '../email/templates/layout';
import { passwordChangedEmail } from '../email/templates/password-changed';
import {
  bumpSessionVersion,
  findOneTimeTokenState,
  findProfile,
  findUserById,
  listLiveSignInSessions,
  revokeOwnSignInSession,
  revokeRefreshTokensOfUser,
  setPasswordHash,
  updateProfile as updateProfileRow,
} from './repository';
import {
  type AuthDependencies,
  consumeLimits,
  type IssuedSession,
  issueSession,
  sessionEnded,
} from './sessions-service';

// One's own account: looking at a set-your-password link, the password, details and signed-in devices.

/** Per address, like using a link: looking costs a guesser as much as trying. */
const inspectLinkLimit: RateLimit = { name: 'set-password-inspect:ip', max: 60, windowSeconds: 900 };
/**
 * Attempts per account, counted before the current password is checked, so that a borrowed session
 * (a laptop left open, a stolen access token) cannot guess it beyond a few tries; ten real changes a
 * quarter of an hour is more than anyone needs.
 */
const changePasswordLimit: RateLimit = { name: 'change-password:account', max: 10, windowSeconds: 900 };

/**
 * A set-your-password link as its holder may see it before choosing a password. Nothing is used up or
 * changed. A usable link names its account's email and organization (the email was sent to that address,
 * for that organization); any other answers only why it cannot be used, never whose it was.
 */
export const inspectPasswordLink = async (
  deps: AuthDependencies,
  token: string,
  context: RequestContext,
): Promise<PasswordLink> => {
  await consumeLimits(deps, [{ limit: inspectLinkLimit, subject: context.ipAddress }]);
  const stored = await findOneTimeTokenState(deps.db, hashSecretToken(token), [
    'invitation',
    'password_reset',
  ]);
  if (!stored) return { status: 'invalid' };
  if (stored.usedAt) return { status: 'used' };
  if (stored.expired) return { status: 'expired' };
  const profile = await findProfile(deps.db, stored.userId);
  // A deactivated account's link cannot be used (set-password refuses it): say so, like an unknown one.
  if (!profile?.active) return { status: 'invalid' };
  return {
    status: 'usable',
    purpose: stored.purpose === 'invitation' ? 'invitation' : 'password_reset',
    email: profile.email,
    organizationName: profile.organizationName,
    expiresAt: stored.expiresAt.toISOString(),
  };
};

const wrongCurrentPassword = () =>
  new AppError('validation_failed', 'The current password is not correct', [
    { path: 'currentPassword', message: 'is not correct' },
  ]);

/**
 * Changes the password with the current one. Like a set-your-password link, it ends every session of the
 * account (refresh tokens revoked, the session version raised) and answers a new one for this device,
 * keeping whether it passed two-factor sign-in.
 */
export const changePassword = async (
  deps: AuthDependencies,
  actor: Actor,
  request: ChangePasswordRequest,
  context: RequestContext,
): Promise<IssuedSession> => {
  await consumeLimits(deps, [{ limit: changePasswordLimit, subject: actor.userId }]);
  const current = await withScope(deps.db, scopeOf(actor), (tx) => findUserById(tx, actor.userId));
  if (!current?.active) throw sessionEnded();
  if (!current.passwordHash || !(await verifyPassword(current.passwordHash, request.currentPassword))) {
    await recordAudit(deps.db, {
      action: 'auth.password_change_failed',
      actorUserId: actor.userId,
      organizationId: actor.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    throw wrongCurrentPassword();
  }
  if (request.newPassword === request.currentPassword) {
    throw new AppError('validation_failed', 'The new password must differ from the current one', [
      { path: 'newPassword', message: 'is the current password' },
    ]);
  }
  const passwordHash = await hashPassword(request.newPassword);
  return withScope(deps.db, scopeOf(actor), async (tx) => {
    await setPasswordHash(tx, actor.userId, passwordHash);
    await revokeRefreshTokensOfUser(tx, actor.userId);
    await recordAudit(tx, {
      action: 'auth.password_changed',
      actorUserId: actor.userId,
      organizationId: actor.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    // Read after the change: the new session carries the raised session version.
    const user = await findUserById(tx, actor.userId);
    if (!user) throw sessionEnded();
    // Those who work in the Subscriber Portal get its page; technical contacts and staff, the Support Portal's.
    const portal = user.contactRoles.some((role) => role === 'main' || role === 'administrative')
      ? 'subscriber'
      : 'support';
    await queueEmail(tx, {
      kind: 'password_changed',
      organizationId: user.organizationId,
      to: [user.email],
      ...passwordChangedEmail({
        recipientName: user.name,
        forgotPasswordLink: portalUrl(deps.config.publicUrl, portal, 'forgot-password'),
      }),
    });
    return issueSession(deps, tx, user, context, { twoFactorVerified: actor.twoFactorVerified });
  });
};

const profileOf = (row: NonNullable<Awaited<ReturnType<typeof findProfile>>>): Profile => ({
  name: row.name,
  email: row.email,
  phone: row.phone,
  organizationName: row.organizationName,
});

export const getProfile = async (deps: AuthDependencies, actor: Actor): Promise<Profile> => {
  const row = await withScope(deps.db, scopeOf(actor), (tx) => findProfile(tx, actor.userId));
  if (!row) throw sessionEnded();
  return profileOf(row);
};

/** One's own name and phone (the email signs in: it changes through the main contact or staff). */
export const updateProfile = async (
  deps: AuthDependencies,
  actor: Actor,
  request: UpdateProfileRequest,
  context: RequestContext,
): Promise<Profile> =>
  withScope(deps.db, scopeOf(actor), async (tx) => {
    const changes: { name?: string; phone?: string | null } = {};
    if (request.name !== undefined) changes.name = request.name;
    if (request.phone !== undefined)
      changes.phone = request.phone === null || request.phone === '' ? null : request.phone;
    await updateProfileRow(tx, actor.userId, changes);
    await recordAudit(tx, {
      action: 'account.profile_updated',
      actorUserId: actor.userId,
      organizationId: actor.organizationId,
      targetType: 'user',
      targetId: actor.userId,
      details: { fields: Object.keys(changes) },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    const row = await findProfile(tx, actor.userId);
    if (!row) throw sessionEnded();
    return profileOf(row);
  });

export const listSignInSessions = async (
  deps: AuthDependencies,
  actor: Actor,
  currentSessionId: string | null,
): Promise<SignInSessionList> => {
  const sessions = await withScope(deps.db, scopeOf(actor), (tx) => listLiveSignInSessions(tx, actor.userId));
  return {
    items: sessions.map((session) => ({
      id: session.familyId,
      userAgent: session.userAgent,
      ipAddress: session.ipAddress,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      current: session.familyId === currentSessionId,
    })),
  };
};

/**
 * Signs one device out: its refresh tokens are revoked, and the session version raised so that its
 * access token is refused at once; the other devices renew theirs with their refresh token unnoticed.
 * Another person's session is not found, the same as one that does not exist.
 */
export const endSignInSession = async (
  deps: AuthDependencies,
  actor: Actor,
  sessionId: string,
  context: RequestContext,
): Promise<void> => {
  await withScope(deps.db, scopeOf(actor), async (tx) => {
    if (!(await revokeOwnSignInSession(tx, actor.userId, sessionId))) {
      throw new AppError('not_found', 'No such session of yours: it may have ended already');
    }
    await bumpSessionVersion(tx, actor.userId);
    await recordAudit(tx, {
      action: 'auth.session_ended',
      actorUserId: actor.userId,
      organizationId: actor.organizationId,
      details: { sessionId },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
  });
};
