import {
  type Actor,
  type ApiToken,
  type ApiTokenPage,
  type CreateApiTokenRequest,
  type CreatedApiToken,
  type FieldError,
  hasPermission,
  type PageQuery,
  type Permission,
} from '@portals/domain';
import { type DatabaseAccess, privileged, scopeOf, withScope } from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { consumeRateLimits, type RateLimit } from '../../lib/rate-limit';
import type { RequestContext } from '../../lib/request-context';
import { hashSecretToken, newSecretToken } from '../../lib/secret-tokens';
import { findUserById } from '../auth/repository';
import {
  type ApiTokenRow,
  findApiTokenOfOwnerForUpdate,
  insertApiToken,
  listApiTokensOfOwner,
  markApiTokenRevoked,
  recordApiTokenUse,
  type TokenOwner,
  unsafeFindApiTokenByHash,
} from './repository';

declare module 'fastify' {
  interface FastifyRequest {
    /** The token's scopes when an API token authenticated the request; null for a sign-in session. */
    apiTokenScopes: readonly Permission[] | null;
    /** The API token that authenticated the request; null for a sign-in session. */
    apiTokenId: string | null;
  }
}

/** Secrets start with this, so the access plugin tells them from JWTs (and secret scanners spot them). */
export const apiTokenSecretPrefix = 'pat_';
const tokenPrefixLength = 12;
// newSecretToken(): 32 random bytes, base64url without padding.
const secretShape = /^pat_[A-Za-z0-9_-]{43}$/;
const lastUseResolutionMs = 60_000;

const ownerOf = (actor: Actor): TokenOwner => ({
  userId: actor.userId,
  organizationId: actor.organizationId,
});

/**
 * How a token acts: as its owner, but never as having passed two-factor sign-in. A secret kept in
 * a third party's configuration is a single factor, so rights that need two never reach it.
 */
const tokenActorOf = (
  owner: Omit<Actor, 'twoFactorVerified' | 'scopes'>,
  scopes: readonly Permission[] | null,
): Actor => ({
  userId: owner.userId,
  kind: owner.kind,
  organizationId: owner.organizationId,
  contactRoles: owner.contactRoles,
  staffRoles: owner.staffRoles,
  tier: owner.tier,
  twoFactorVerified: false,
  scopes,
});

const toApiToken = (row: ApiTokenRow, now = Date.now()): ApiToken => ({
  id: row.id,
  name: row.name,
  tokenPrefix: row.tokenPrefix,
  scopes: row.scopes,
  status: row.revokedAt ? 'revoked' : row.expiresAt.getTime() <= now ? 'expired' : 'active',
  expiresAt: row.expiresAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

export const listOwnApiTokens = async (
  db: DatabaseAccess,
  actor: Actor,
  page: PageQuery,
): Promise<ApiTokenPage> => {
  const afterId = page.cursor ? decodeCursor(page.cursor) : undefined;
  // One row more than asked tells whether another page follows.
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    listApiTokensOfOwner(tx, ownerOf(actor), { limit: page.limit + 1, afterId }),
  );
  const now = Date.now();
  const items = rows.slice(0, page.limit).map((row) => toApiToken(row, now));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
};

/**
 * A token for the caller's own use, carrying only permissions the caller holds. Only a sign-in
 * session may create one: a leaked token must not be able to mint itself successors.
 */
/** Token creation per person: plenty for people, a brake on a script gone wrong. */
export const tokenCreationLimit: RateLimit = {
  name: 'api-token-creation:account',
  max: 20,
  windowSeconds: 3600,
};

export const createApiToken = async (
  db: DatabaseAccess,
  caller: { actor: Actor; apiTokenScopes: readonly Permission[] | null },
  request: CreateApiTokenRequest,
  context: RequestContext,
): Promise<CreatedApiToken> => {
  if (caller.apiTokenScopes) throw new AppError('forbidden', 'API tokens cannot create API tokens');
  const { actor } = caller;
  await consumeRateLimits(privileged(db), [{ limit: tokenCreationLimit, subject: actor.userId }]);
  const asToken = tokenActorOf(actor, null);
  const beyondCaller: FieldError[] = request.scopes.flatMap((scope, index) => {
    const path = `scopes.${index}`;
    if (!hasPermission(actor, scope)) {
      return [{ path, message: `You do not have the permission ${scope} to give a token` }];
    }
    if (!hasPermission(asToken, scope)) {
      return [{ path, message: `${scope} needs two-factor sign-in, which an API token cannot provide` }];
    }
    return [];
  });
  if (beyondCaller.length > 0) {
    throw new AppError(
      'validation_failed',
      'A token can carry only permissions you have yourself',
      beyondCaller,
    );
  }
  const secret = `${apiTokenSecretPrefix}${newSecretToken()}`;
  const row = await withScope(db, scopeOf(actor), async (tx) => {
    const inserted = await insertApiToken(tx, {
      userId: actor.userId,
      organizationId: actor.organizationId,
      name: request.name,
      tokenPrefix: secret.slice(0, tokenPrefixLength),
      tokenHash: hashSecretToken(secret),
      scopes: request.scopes,
      expiresAt: new Date(request.expiresAt),
    });
    await recordAudit(tx, {
      action: 'api_token.created',
      actorUserId: actor.userId,
      organizationId: actor.organizationId,
      targetType: 'api_token',
      targetId: inserted.id,
      details: {
        tokenId: inserted.id,
        name: inserted.name,
        scopes: inserted.scopes,
        expiresAt: inserted.expiresAt.toISOString(),
      },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return inserted;
  });
  return { token: secret, apiToken: toApiToken(row) };
};

/** Revokes one of the caller's tokens; someone else's is "not found", never "forbidden". Idempotent. */
export const revokeApiToken = async (
  db: DatabaseAccess,
  actor: Actor,
  tokenId: string,
  context: RequestContext,
): Promise<void> => {
  const owner = ownerOf(actor);
  await withScope(db, scopeOf(actor), async (tx) => {
    const token = await findApiTokenOfOwnerForUpdate(tx, owner, tokenId);
    if (!token) throw notFound('The API token');
    if (token.revokedAt) return;
    await markApiTokenRevoked(tx, owner, tokenId);
    await recordAudit(tx, {
      action: 'api_token.revoked',
      actorUserId: actor.userId,
      organizationId: actor.organizationId,
      targetType: 'api_token',
      targetId: token.id,
      details: { tokenId: token.id, name: token.name, scopes: token.scopes },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
  });
};

/** The bearer credential when it is an API token secret (a JWT never starts with `pat_`). */
export const apiTokenSecretOf = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const credential = match?.[1];
  return credential?.startsWith(apiTokenSecretPrefix) ? credential : undefined;
};

export interface ApiTokenAuthentication {
  tokenId: string;
  actor: Actor;
  scopes: readonly Permission[];
}

/**
 * The owner's current roles and tier, limited by the token's scopes: a token never outlives its
 * revocation, expiry or the owner's deactivation, and never acts beyond what the owner may do now.
 * Undefined for every kind of refusal alike.
 */
export const authenticateApiToken = async (
  database: DatabaseAccess,
  secret: string,
): Promise<ApiTokenAuthentication | undefined> => {
  if (!secretShape.test(secret)) return undefined;
  // Before the owner is known: the privileged path.
  const db = privileged(database);
  const token = await unsafeFindApiTokenByHash(db, hashSecretToken(secret));
  const now = Date.now();
  if (!token || token.revokedAt || token.expiresAt.getTime() <= now) return undefined;
  const owner = await findUserById(db, token.userId);
  if (!owner?.active || owner.organizationId !== token.organizationId) return undefined;
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() >= lastUseResolutionMs) {
    await recordApiTokenUse(db, { userId: owner.id, organizationId: owner.organizationId }, token.id);
  }
  return {
    tokenId: token.id,
    actor: tokenActorOf({ ...owner, userId: owner.id }, token.scopes),
    scopes: token.scopes,
  };
};
