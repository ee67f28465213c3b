import { type Actor, rolesRequiringTwoFactor, type TwoFactorSetup } from '@portals/domain';
import { scopeOf, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import type { RateLimit } from '../../lib/rate-limit';
import type { RequestContext } from '../../lib/request-context';
import { createSecretBox } from '../../lib/secret-box';
import { hashSecretToken, newSecretToken } from '../../lib/secret-tokens';
import { newTotpSecret, otpauthUri, verifyTotp } from '../../lib/totp';
import {
  claimTotpStep,
  disableTotp,
  enableTotp,
  findUsableOneTimeTokenForUpdate,
  findUserById,
  markOneTimeTokenUsed,
  replaceRecoveryCodes,
  rotateSignInSession,
  setPendingTotpSecret,
  useRecoveryCode,
} from './repository';
import {
  type AuthDependencies,
  consumeLimits,
  type IssuedSession,
  issueSession,
  sessionEnded,
} from './sessions-service';

// Two-factor sign-in: enrolment, turning it off, and finishing a sign-in with a code.

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
    const challenge = await findUsableOneTimeTokenForUpdate(tx, hashSecretToken(request.challengeToken), [
      'two_factor_challenge',
    ]);
    if (!challenge) return undefined;
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

// Keys of their own, not the JWT secret: rotating one must not touch the other. Seeds sealed before
// (under a key derived from the JWT secret) still open.
const totpBox = (deps: Pick<AuthDependencies, 'config'>) =>
  createSecretBox(deps.config.totpEncryptionKeys, {
    purpose: 'totp-secret',
    legacySecret: deps.config.jwtSecret,
  });
const issuerName = 'Subscription portals';

/** Starts enrolment: a new secret to put in the authenticator app; not active until confirmed with a code. */
export const setUpTwoFactor = async (deps: AuthDependencies, actor: Actor): Promise<TwoFactorSetup> =>
  withScope(deps.db, scopeOf(actor), async (tx) => {
    const user = await findUserById(tx, actor.userId);
    if (!user) throw sessionEnded();
    if (user.totpEnabledAt) {
      throw new AppError(
        'conflict',
        'Two-factor sign-in is already on: turn it off first to set up a new app',
      );
    }
    const secret = newTotpSecret();
    await setPendingTotpSecret(tx, user.id, totpBox(deps).seal(secret));
    return { secret, otpauthUri: otpauthUri(secret, user.email, issuerName) };
  });

/**
 * Confirms enrolment with a first code; answers the recovery codes (shown once) and a verified session,
 * continuing this device's sign-in session (`sessionId`, from its access token) so that it stays one
 * device in the list of signed-in devices.
 */
export const enableTwoFactor = async (
  deps: AuthDependencies,
  actor: Actor,
  code: string,
  context: RequestContext,
  sessionId: string | null = null,
): Promise<{ recoveryCodes: string[]; issued: IssuedSession }> =>
  withScope(deps.db, scopeOf(actor), async (tx) => {
    const user = await findUserById(tx, actor.userId);
    if (!user) throw sessionEnded();
    if (user.totpEnabledAt) throw new AppError('conflict', 'Two-factor sign-in is already on');
    if (!user.totpSecret)
      throw new AppError('conflict', 'Start the set-up first: no authenticator app is pending');
    const step = verifyTotp(totpBox(deps).open(user.totpSecret), code);
    if (step === null) {
      throw new AppError('validation_failed', 'The code is not correct: check the time on your device', [
        { path: 'code', message: 'not the current code' },
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
    if (sessionId) await rotateSignInSession(tx, user.id, sessionId);
    return {
      recoveryCodes,
      issued: await issueSession(deps, tx, enabled, context, {
        twoFactorVerified: true,
        ...(sessionId ? { familyId: sessionId } : {}),
      }),
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
  await withScope(deps.db, scopeOf(actor), async (tx) => {
    const user = await findUserById(tx, actor.userId);
    if (!user?.totpEnabledAt || !user.totpSecret)
      throw new AppError('conflict', 'Two-factor sign-in is not on');
    const step = verifyTotp(totpBox(deps).open(user.totpSecret), code, { lastUsedStep: user.totpLastStep });
    if (step === null) {
      throw new AppError('validation_failed', 'The code is not correct', [
        { path: 'code', message: 'not the current code' },
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
