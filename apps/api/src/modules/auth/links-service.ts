import type { PortalId } from '@portals/domain';
import type { Task } from 'graphile-worker';
import { type AnyExecutor, type DatabaseAccess, privileged } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { hashPassword } from '../../lib/passwords';
import { queueJob } from '../../lib/queue-job';
import type { RateLimit } from '../../lib/rate-limit';
import type { RequestContext } from '../../lib/request-context';
import { hashSecretToken, newSecretToken } from '../../lib/secret-tokens';
import { queueEmail } from '../email/outbox';
import { invitationEmail } from '../email/templates/invitation';
import { passwordResetEmail } from '../email/templates/password-reset';
import {
  findUsableOneTimeTokenForUpdate,
  findUserById,
  insertOneTimeToken,
  markOneTimeTokenUsed,
  revokeRefreshTokensOfUser,
  type SessionUser,
  setPasswordHash,
  unsafeFindUserByEmail,
} from './repository';
import {
  type AuthDependencies,
  consumeLimits,
  createTwoFactorChallenge,
  type IssuedSession,
  issueSession,
  resetLimits,
} from './sessions-service';

// Set-your-password links: invitations and password resets, by email, each used once.

const linkLifetimeMs = { invitation: 7 * 86_400_000, password_reset: 3_600_000 } as const;
const setPasswordLimit: RateLimit = { name: 'set-password:ip', max: 20, windowSeconds: 900 };

/**
 * Creates a single-use set-your-password link into `portal`, in the caller's transaction.
 * Invitations last 7 days, reset links 1 hour.
 */
export const createPasswordLink = async (
  deps: { config: Pick<AuthDependencies['config'], 'publicUrl'> },
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

/** Creates a set-your-password link and queues its email, in the caller's transaction. */
export const queuePasswordLink = async (
  deps: { config: Pick<AuthDependencies['config'], 'publicUrl'> },
  executor: AnyExecutor,
  user: Pick<SessionUser, 'id' | 'email' | 'name' | 'organizationId'>,
  purpose: 'invitation' | 'password_reset',
  portal: PortalId,
): Promise<void> => {
  const link = await createPasswordLink(deps, executor, user, purpose, portal);
  const template = purpose === 'invitation' ? invitationEmail : passwordResetEmail;
  await queueEmail(executor, {
    kind: purpose,
    organizationId: user.organizationId,
    to: [user.email],
    ...template({ recipientName: user.name, portal, link }),
  });
};

export const passwordResetTask = 'send_password_reset';

export interface PasswordResetJob {
  email: string;
  portal: PortalId;
  ipAddress: string;
  requestId: string;
}

/**
 * Always the same answer, and the same work, whether or not the email is known: the request only
 * checks its limits and queues a job; looking the email up happens in the job, out of the answer's time.
 */
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
  const job: PasswordResetJob = { email, portal, ipAddress: context.ipAddress, requestId: context.requestId };
  await queueJob(deps.db, passwordResetTask, { ...job }, { maxAttempts: 5 });
};

/** The job: emails a reset link to an active account with this email; nothing for an unknown one. */
export const sendPasswordReset = async (
  database: DatabaseAccess,
  config: { publicUrl: string },
  job: PasswordResetJob,
): Promise<void> => {
  // A job, before any actor: the privileged path.
  const db = privileged(database);
  const user = await unsafeFindUserByEmail(db, job.email);
  if (!user?.active) return;
  await db.transaction(async (tx) => {
    await queuePasswordLink({ config }, tx, user, 'password_reset', job.portal);
    await recordAudit(tx, {
      action: 'auth.password_reset_requested',
      actorUserId: user.id,
      organizationId: user.organizationId,
      ipAddress: job.ipAddress,
      requestId: job.requestId,
    });
  });
};

export const createPasswordResetTask =
  (db: DatabaseAccess, config: { publicUrl?: string | undefined }): Task =>
  async (payload) => {
    // Without the public address no link can be written: failing keeps the job for a worker that has it.
    if (!config.publicUrl) throw new Error('The job worker needs the public URL to write reset links');
    await sendPasswordReset(db, { publicUrl: config.publicUrl }, payload as PasswordResetJob);
  };

/**
 * Uses a set-your-password link once: sets the password and ends other sessions. Signs in at once,
 * unless the account has two-factor sign-in: then, like sign-in, it answers a challenge for the code.
 */
export const setPasswordFromLink = async (
  deps: AuthDependencies,
  request: { token: string; password: string },
  context: RequestContext,
): Promise<{ issued: IssuedSession } | { challengeToken: string }> => {
  await consumeLimits(deps, [{ limit: setPasswordLimit, subject: context.ipAddress }]);
  const passwordHash = await hashPassword(request.password);
  const outcome = await deps.db.transaction(async (tx) => {
    const stored = await findUsableOneTimeTokenForUpdate(tx, hashSecretToken(request.token), [
      'invitation',
      'password_reset',
    ]);
    if (!stored) return undefined;
    if (!(await findUserById(tx, stored.userId))?.active) return undefined;
    await markOneTimeTokenUsed(tx, stored.id);
    await setPasswordHash(tx, stored.userId, passwordHash);
    await revokeRefreshTokensOfUser(tx, stored.userId);
    // Read after the change: the new session carries the raised session version.
    const user = await findUserById(tx, stored.userId);
    if (!user) return undefined;
    await recordAudit(tx, {
      action: stored.purpose === 'invitation' ? 'auth.invitation_accepted' : 'auth.password_reset',
      actorUserId: user.id,
      organizationId: user.organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    if (user.totpEnabledAt) return { challengeToken: await createTwoFactorChallenge(tx, user) };
    return { issued: await issueSession(deps, tx, user, context, { twoFactorVerified: false }) };
  });
  if (!outcome) {
    throw new AppError('bad_request', 'This link has expired or was already used: ask for a new one', [
      { path: 'token', message: 'expired or already used' },
    ]);
  }
  return outcome;
};
