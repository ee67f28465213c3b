import type { ContactRole, OrganizationKind, StaffRole, SubscriptionTier, UserKind } from '@portals/domain';
import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { oneTimeTokenPurpose } from '../../db/schema/enums';
import { oneTimeTokens, recoveryCodes, refreshTokens, users } from '../../db/schema/index';
import { type AnyExecutor, type PrivilegedExecutor, preparedIn, type ScopedExecutor } from '../../db/scope';

export interface SessionUser {
  id: string;
  kind: UserKind;
  name: string;
  email: string;
  organizationId: string | null;
  passwordHash: string | null;
  active: boolean;
  sessionVersion: number;
  staffRoles: StaffRole[];
  contactRoles: ContactRole[];
  tier: SubscriptionTier | null;
  organizationKind: OrganizationKind | null;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
}

const userColumns = {
  id: users.id,
  kind: users.kind,
  name: users.name,
  email: users.email,
  organizationId: users.organizationId,
  passwordHash: users.passwordHash,
  active: users.active,
  sessionVersion: users.sessionVersion,
  staffRoles: users.staffRoles,
  totpSecret: users.totpSecret,
  totpEnabledAt: users.totpEnabledAt,
  totpLastStep: users.totpLastStep,
  // Written with explicit table names: drizzle renders column references unqualified, which inside
  // a subquery would silently compare the subquery's table with itself.
  // As text[]: node-postgres parses arrays of built-in types only, not of enums.
  contactRoles: sql<ContactRole[]>`coalesce(
    (select array_agg(cr.role::text order by cr.role) from contact_roles cr where cr.user_id = "users"."id"),
    '{}'::text[])`.as('contact_roles'),
  organizationKind: sql<OrganizationKind | null>`(
    select o.kind from organizations o where o.id = "users"."organization_id")`.as('organization_kind'),
  // The organization's best active tier decides what its contacts get.
  tier: sql<SubscriptionTier | null>`(
    select s.tier from subscriptions s
    where s.organization_id = "users"."organization_id" and s.status = 'active'
    order by s.tier desc limit 1)`.as('tier'),
};

/** Staff-only lookup across organizations: sign-in does not know the organization yet. */
export const unsafeFindUserByEmail = async (executor: PrivilegedExecutor, email: string) => {
  const [user] = await executor
    .select(userColumns)
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  return user as SessionUser | undefined;
};

export const findUserById = async (executor: AnyExecutor, id: string) => {
  const [user] = await executor.select(userColumns).from(users).where(eq(users.id, id));
  return user as SessionUser | undefined;
};

// Prepared once per pooled connection (its scoped executor's session), as it runs on every GET /v1/me:
// drizzle builds the SQL once and PostgreSQL parses and plans the subqueries once per connection.
const prepareUserById = (executor: ScopedExecutor) =>
  executor
    .select(userColumns)
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('user_by_id');

/** The signed-in user in their own scope, as `findUserById`, with a prepared statement. */
export const findOwnUser = async (executor: ScopedExecutor, id: string) => {
  const [user] = await preparedIn(executor, 'user_by_id', prepareUserById).execute({ id });
  return user as SessionUser | undefined;
};

const prepareSessionState = (executor: PrivilegedExecutor) =>
  executor
    .select({ active: users.active, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('session_state');
const preparedSessionState = new WeakMap<PrivilegedExecutor, ReturnType<typeof prepareSessionState>>();

/**
 * The two facts every authenticated request checks: still active, and no revocation since the token.
 * Prepared: it runs on every authenticated request.
 */
export const findSessionState = async (executor: PrivilegedExecutor, id: string) => {
  let query = preparedSessionState.get(executor);
  if (!query) {
    query = prepareSessionState(executor);
    preparedSessionState.set(executor, query);
  }
  const [state] = await query.execute({ id });
  return state;
};

export const setPasswordHash = (executor: AnyExecutor, userId: string, passwordHash: string) =>
  executor
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));

export const bumpSessionVersion = (executor: AnyExecutor, userId: string) =>
  executor
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));

export const insertRefreshToken = (executor: AnyExecutor, values: typeof refreshTokens.$inferInsert) =>
  executor.insert(refreshTokens).values(values);

/** Locks the row: two refreshes racing with one token cannot both rotate it. */
export const findRefreshTokenForUpdate = async (executor: PrivilegedExecutor, tokenHash: string) => {
  const [token] = await executor
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .for('update');
  return token;
};

/** The first rotation's time only: retries within the grace never extend it. */
export const markRefreshTokenRotated = (executor: AnyExecutor, id: string) =>
  executor
    .update(refreshTokens)
    .set({ rotatedAt: sql`coalesce(${refreshTokens.rotatedAt}, now())` })
    .where(eq(refreshTokens.id, id));

export const revokeRefreshTokenFamily = (executor: AnyExecutor, familyId: string) =>
  executor
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));

export const revokeRefreshTokensOfUser = (executor: AnyExecutor, userId: string) =>
  executor
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));

export const insertOneTimeToken = (executor: AnyExecutor, values: typeof oneTimeTokens.$inferInsert) =>
  executor.insert(oneTimeTokens).values(values);

export type OneTimeTokenPurpose = (typeof oneTimeTokenPurpose.enumValues)[number];

/**
 * A usable (unused, unexpired) one-time token of one of `purposes`, locked. The purpose is part of
 * the query: a token of another purpose is never even read, so it cannot be used up by the wrong door.
 */
export const findUsableOneTimeTokenForUpdate = async (
  executor: PrivilegedExecutor,
  tokenHash: string,
  purposes: readonly [OneTimeTokenPurpose, ...OneTimeTokenPurpose[]],
) => {
  const [token] = await executor
    .select()
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.tokenHash, tokenHash),
        inArray(oneTimeTokens.purpose, [...purposes]),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, sql`now()`),
      ),
    )
    .for('update');
  return token;
};

export const markOneTimeTokenUsed = (executor: AnyExecutor, id: string) =>
  executor.update(oneTimeTokens).set({ usedAt: new Date() }).where(eq(oneTimeTokens.id, id));

export const setPendingTotpSecret = (executor: AnyExecutor, userId: string, sealedSecret: string) =>
  executor
    .update(users)
    .set({ totpSecret: sealedSecret, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() })
    .where(eq(users.id, userId));

export const enableTotp = (executor: AnyExecutor, userId: string, step: number) =>
  executor
    .update(users)
    .set({ totpEnabledAt: new Date(), totpLastStep: step, updatedAt: new Date() })
    .where(eq(users.id, userId));

export const disableTotp = (executor: AnyExecutor, userId: string) =>
  executor
    .update(users)
    .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() })
    .where(eq(users.id, userId));

/** Records the step used; false when it was already used (a concurrent replay of the same code). */
export const claimTotpStep = async (
  executor: AnyExecutor,
  userId: string,
  step: number,
): Promise<boolean> => {
  const updated = await executor
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return updated.length === 1;
};

export const replaceRecoveryCodes = async (
  executor: AnyExecutor,
  user: { id: string; organizationId: string | null },
  codeHashes: string[],
) => {
  await executor.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
  if (codeHashes.length > 0) {
    await executor
      .insert(recoveryCodes)
      .values(
        codeHashes.map((codeHash) => ({ userId: user.id, organizationId: user.organizationId, codeHash })),
      );
  }
};

/** Marks an unused recovery code of the user as used; false when there is no such code. */
export const useRecoveryCode = async (
  executor: AnyExecutor,
  userId: string,
  codeHash: string,
): Promise<boolean> => {
  const used = await executor
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, codeHash),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
};

/**
 * A set-your-password link as it is, used or not, expired or not, without locking or using it: for the
 * page the link opens. Only `purposes` are read, like every other look-up of a one-time token.
 */
export const findOneTimeTokenState = async (
  executor: PrivilegedExecutor,
  tokenHash: string,
  purposes: readonly [OneTimeTokenPurpose, ...OneTimeTokenPurpose[]],
) => {
  const [token] = await executor
    .select({
      userId: oneTimeTokens.userId,
      purpose: oneTimeTokens.purpose,
      usedAt: oneTimeTokens.usedAt,
      expiresAt: oneTimeTokens.expiresAt,
      expired: sql<boolean>`${oneTimeTokens.expiresAt} <= now()`,
    })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.tokenHash, tokenHash), inArray(oneTimeTokens.purpose, [...purposes])));
  return token;
};

/** The user's own details, with their organization's name. */
export const findProfile = async (executor: AnyExecutor, userId: string) => {
  const [profile] = await executor
    .select({
      name: users.name,
      email: users.email,
      phone: users.phone,
      active: users.active,
      organizationName: sql<string | null>`(
        select o.name from organizations o where o.id = "users"."organization_id")`.as('organization_name'),
    })
    .from(users)
    .where(eq(users.id, userId));
  return profile;
};

export const updateProfile = (
  executor: AnyExecutor,
  userId: string,
  changes: { name?: string; phone?: string | null },
) =>
  executor
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, userId));

/** The most recently used sessions listed; a script signing in over and over must not make the page endless. */
export const signInSessionsListed = 50;

/**
 * The user's live sign-in sessions, one per refresh-token family: first sign-in, latest refresh, and the
 * device of the latest token. A family lives while its latest token is neither rotated, revoked nor expired.
 */
export const listLiveSignInSessions = async (executor: AnyExecutor, userId: string) => {
  const result = await executor.execute<{
    family_id: string;
    created_at: string;
    last_used_at: string;
    user_agent: string | null;
    ip_address: string | null;
  }>(sql`
    select family_id,
      min(created_at) as created_at,
      max(created_at) as last_used_at,
      (array_agg(user_agent order by created_at desc))[1] as user_agent,
      (array_agg(host(ip_address) order by created_at desc))[1] as ip_address
    from refresh_tokens
    where user_id = ${userId}
    group by family_id
    having bool_or(revoked_at is null and rotated_at is null and expires_at > now())
    order by max(created_at) desc
    limit ${signInSessionsListed}`);
  return result.rows.map((row) => ({
    familyId: row.family_id,
    createdAt: new Date(row.created_at),
    lastUsedAt: new Date(row.last_used_at),
    userAgent: row.user_agent,
    ipAddress: row.ip_address,
  }));
};

/** Revokes one of the user's own sessions; false when the user has no such live session. */
export const revokeOwnSignInSession = async (executor: AnyExecutor, userId: string, familyId: string) => {
  const revoked = await executor
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(refreshTokens.userId, userId),
        eq(refreshTokens.familyId, familyId),
        isNull(refreshTokens.revokedAt),
      ),
    )
    .returning({ id: refreshTokens.id });
  return revoked.length > 0;
};

/**
 * Marks every unrotated token of the user's session as rotated: the session goes on with the token
 * issued next, and the earlier one presented again counts as a copy (past the retry grace), as after a refresh.
 */
export const rotateSignInSession = (executor: AnyExecutor, userId: string, familyId: string) =>
  executor
    .update(refreshTokens)
    .set({ rotatedAt: sql`now()` })
    .where(
      and(
        eq(refreshTokens.userId, userId),
        eq(refreshTokens.familyId, familyId),
        isNull(refreshTokens.rotatedAt),
        isNull(refreshTokens.revokedAt),
      ),
    );
