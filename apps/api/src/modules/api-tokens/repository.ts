import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { apiTokens } from '../../db/schema/index';
import type { PrivilegedExecutor, ScopedExecutor } from '../../db/scope';

/** Whose tokens: the user, within their organization (null for staff). */
export interface TokenOwner {
  userId: string;
  organizationId: string | null;
}

const ownedBy = (owner: TokenOwner) =>
  and(
    eq(apiTokens.userId, owner.userId),
    owner.organizationId === null
      ? isNull(apiTokens.organizationId)
      : eq(apiTokens.organizationId, owner.organizationId),
  );

const listedColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  tokenPrefix: apiTokens.tokenPrefix,
  scopes: apiTokens.scopes,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
  createdAt: apiTokens.createdAt,
};
export type ApiTokenRow = {
  [Key in keyof typeof listedColumns]: (typeof apiTokens.$inferSelect)[Key];
};

export const insertApiToken = async (
  executor: ScopedExecutor,
  values: typeof apiTokens.$inferInsert,
): Promise<ApiTokenRow> => {
  const [row] = await executor.insert(apiTokens).values(values).returning(listedColumns);
  if (!row) throw new Error('api token not inserted');
  return row;
};

/** One page of the owner's tokens, newest first, after the token `afterId` (the cursor). */
export const listApiTokensOfOwner = (
  executor: ScopedExecutor,
  owner: TokenOwner,
  page: { limit: number; afterId?: string },
): Promise<ApiTokenRow[]> => {
  // The cursor holds only an id: its row gives the (created_at, id) position to continue after.
  const after = page.afterId
    ? sql`(${apiTokens.createdAt}, ${apiTokens.id}) < (
        select cursor_row.created_at, cursor_row.id from ${apiTokens} as cursor_row
        where cursor_row.id = ${page.afterId} and cursor_row.user_id = ${owner.userId})`
    : undefined;
  return executor
    .select(listedColumns)
    .from(apiTokens)
    .where(and(ownedBy(owner), after))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(page.limit);
};

/** Locks the owner's token: two revocations racing audit once. */
export const findApiTokenOfOwnerForUpdate = async (
  executor: ScopedExecutor,
  owner: TokenOwner,
  id: string,
) => {
  const [row] = await executor
    .select(listedColumns)
    .from(apiTokens)
    .where(and(ownedBy(owner), eq(apiTokens.id, id)))
    .for('update');
  return row;
};

export const markApiTokenRevoked = (executor: ScopedExecutor, owner: TokenOwner, id: string) =>
  executor
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(ownedBy(owner), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));

// Prepared once per database object: this lookup runs on every token-authenticated request.
const prepare = (executor: PrivilegedExecutor) =>
  executor
    .select({
      id: apiTokens.id,
      userId: apiTokens.userId,
      organizationId: apiTokens.organizationId,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')))
    .prepare('api_token_by_hash');
const prepared = new WeakMap<PrivilegedExecutor, ReturnType<typeof prepare>>();

/** Across organizations: authentication does not know the owner yet, only the secret's hash. */
export const unsafeFindApiTokenByHash = async (executor: PrivilegedExecutor, tokenHash: string) => {
  let query = prepared.get(executor);
  if (!query) {
    query = prepare(executor);
    prepared.set(executor, query);
  }
  const [row] = await query.execute({ tokenHash });
  return row;
};

/** At most one write a minute per token, however busy it is; concurrent requests race harmlessly. */
export const recordApiTokenUse = (executor: PrivilegedExecutor, owner: TokenOwner, id: string) =>
  executor
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        ownedBy(owner),
        eq(apiTokens.id, id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
