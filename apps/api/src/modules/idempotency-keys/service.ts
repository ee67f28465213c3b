import { type DatabaseAccess, privileged } from '../../db/scope';
import { deleteIdempotencyKeysBefore } from './repository';

/** How long a retry gets the first answer again; after that the same key does the work anew. */
export const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;
const purgeBatchSize = 5_000;

export const purgeIdempotencyKeysTask = 'purge_idempotency_keys';

/**
 * Removes keys older than a day, a batch per statement (each its own short transaction, so a large
 * backlog never holds many row locks or one long transaction). Answers how many were removed.
 */
export const purgeExpiredIdempotencyKeys = async (
  db: DatabaseAccess,
  now = new Date(),
  batchSize = purgeBatchSize,
): Promise<number> => {
  const cutOff = new Date(now.getTime() - idempotencyKeyLifetimeMs);
  let removed = 0;
  for (;;) {
    const batch = await deleteIdempotencyKeysBefore(privileged(db), cutOff, batchSize);
    removed += batch;
    if (batch < batchSize) return removed;
  }
};
