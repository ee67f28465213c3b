import { createHash } from 'node:crypto';
import { type Endpoint, idempotentReplayedHeader } from '@portals/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  type AnyExecutor,
  type DatabaseAccess,
  privileged,
  type Scope,
  type ScopedExecutor,
  withScope,
} from '../db/scope';
import {
  claimIdempotencyKey,
  completeIdempotencyClaim,
  releaseIdempotencyClaim,
} from '../modules/idempotency-keys/repository';
import { idempotencyKeyLifetimeMs } from '../modules/idempotency-keys/service';
import { AppError } from './app-error';

/**
 * This request's hold on its `Idempotency-Key` (decision 039): claimed before the handler runs, completed
 * with the answer (in the service's transaction where it allows, else right after the handler).
 */
export interface IdempotencyClaim {
  readonly id: number;
  readonly attempt: string;
  /** The success status stored with the answer (the endpoint's, or the one the handler chose). */
  status: number;
  completed: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on an idempotent endpoint's request that sent an `Idempotency-Key`; null otherwise. */
    idempotency: IdempotencyClaim | null;
  }
}

/** Whose keys: a person's sign-in sessions share theirs, each API token has its own. */
const credentialOf = (request: FastifyRequest): string =>
  request.apiTokenId ? `api-token:${request.apiTokenId}` : 'session';

/** What makes two requests the same: the path's parameters, the query and the body (as parsed). */
const requestHashOf = (request: FastifyRequest): string =>
  createHash('sha256')
    .update(JSON.stringify([request.params ?? null, request.query ?? null, request.body ?? null]))
    .digest('hex');

/**
 * Stores the answer with the work, in the service's own transaction: both commit or neither does, so a
 * retry can never run work that already committed. Call it last in the transaction with what the
 * handler will answer. A claim taken over meanwhile (this request outlived its lease) rolls the work back.
 */
export const completeIdempotently = async (
  executor: AnyExecutor,
  claim: IdempotencyClaim | null,
  body: unknown,
): Promise<void> => {
  if (!claim) return;
  const completed = await completeIdempotencyClaim(executor, claim, { status: claim.status, body });
  if (!completed) {
    throw new AppError(
      'idempotency_key_in_use',
      'This request took too long and its Idempotency-Key was taken over by a retry: nothing was changed',
    );
  }
  claim.completed = true;
};

/** Adds the Idempotency-Key handling to an idempotent endpoint's route (registerEndpoint). */
export const idempotencyOf = (app: FastifyInstance, endpoint: Endpoint, defaultStatus: number) => {
  const endpointName = `${endpoint.method} ${endpoint.path}`;

  /** Before the handler: claim the key, or answer the first answer again, or refuse. */
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    request.idempotency = null;
    const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
    const actor = request.actor;
    // No header, no round trip. Idempotent endpoints are never public: a caller is known.
    if (key === undefined || !actor) return;
    const requestHash = requestHashOf(request);
    const claim = await claimIdempotencyKey(
      privileged(app.db),
      {
        userId: actor.userId,
        organizationId: actor.organizationId,
        credential: credentialOf(request),
        endpoint: endpointName,
        key,
        requestHash,
      },
      idempotencyKeyLifetimeMs / 1000,
    );
    if (claim.claimed) {
      request.idempotency = { id: claim.id, attempt: claim.attempt, status: defaultStatus, completed: false };
      return;
    }
    if (claim.requestHash !== requestHash) {
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for another request: use a new key for a new request',
      );
    }
    if (claim.state === 'running') {
      throw new AppError(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still running: retry once it has answered',
      );
    }
    reply.header(idempotentReplayedHeader, 'true');
    reply.status(claim.responseStatus ?? defaultStatus);
    return reply.send(claim.responseBody);
  };

  /** Around the handler: keep the answer (unless the service did), or give the key back on failure. */
  const around = async <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    run: () => Promise<T>,
  ): Promise<T> => {
    const claim = request.idempotency;
    if (!claim) return run();
    let body: T;
    try {
      body = await run();
    } catch (error) {
      // The request's own failure is what the client must see: a claim that cannot be given back (the
      // database is gone) holds its key until its lease ends.
      await releaseIdempotencyClaim(privileged(app.db), claim).catch((releaseError: unknown) =>
        request.log.warn({ err: releaseError }, 'An idempotency claim was not released'),
      );
      throw error;
    }
    if (!claim.completed) {
      claim.status = reply.statusCode;
      // A service that runs no transaction of its own for the work (or several): the answer follows it.
      if (reply.statusCode < 400)
        await completeIdempotencyClaim(privileged(app.db), claim, { status: claim.status, body });
      else await releaseIdempotencyClaim(privileged(app.db), claim);
      claim.completed = true;
    }
    return body;
  };

  return { preHandler, around };
};

/** Declares `request.idempotency` on every request (set by idempotent routes). */
export const idempotencyPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('idempotency', null);
});

/**
 * A service's work in one scoped transaction with its answer stored for the request's Idempotency-Key
 * (when it sent one): the write and the answer commit together.
 */
export const idempotently = async <T>(
  db: DatabaseAccess,
  scope: Scope,
  claim: IdempotencyClaim | null,
  work: (tx: ScopedExecutor) => Promise<T>,
): Promise<T> =>
  withScope(db, scope, async (tx) => {
    const result = await work(tx);
    await completeIdempotently(tx, claim, result);
    return result;
  });
