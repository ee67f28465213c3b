import { sql } from 'drizzle-orm';
import type { AnyExecutor } from '../db/scope';

/**
 * Queues a background job in the caller's transaction: it runs only if that commits. Through
 * `app_add_job` (graphile-worker's `add_job`, run as the owner: db/migrate.ts), so the scoped path
 * queues jobs as the privileged one does, without any other access to the queue.
 */
export const queueJob = (
  executor: AnyExecutor,
  task: string,
  payload: Record<string, unknown>,
  options: { maxAttempts: number; jobKey?: string },
) =>
  executor.execute(
    sql`select app_add_job(${task}, ${JSON.stringify(payload)}::json, ${options.maxAttempts}::integer, ${options.jobKey ?? null}::text)`,
  );
