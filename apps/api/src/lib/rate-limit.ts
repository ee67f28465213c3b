import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rateLimits } from '../db/schema/index';
import { AppError } from './app-error';

export interface RateLimit {
  /** What is limited, e.g. `sign-in:ip`. */
  name: string;
  max: number;
  windowSeconds: number;
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `Too many attempts: try again in ${retryAfterSeconds} seconds`);
  }
}

/**
 * Counts one hit against each limit (fixed windows, in PostgreSQL so every API process shares them)
 * and throws RateLimitedError, carrying Retry-After, when any is exceeded.
 */
export const consumeRateLimits = async (
  executor: Executor,
  hits: { limit: RateLimit; subject: string }[],
): Promise<void> => {
  let retryAfterSeconds = 0;
  for (const { limit, subject } of hits) {
    const key = `${limit.name}:${subject.toLowerCase()}`;
    const window = sql`make_interval(secs => ${limit.windowSeconds})`;
    const result = await executor.execute(sql`
      insert into ${rateLimits} (key, window_start, hits) values (${key}, now(), 1)
      on conflict (key) do update set
        hits = case when ${rateLimits.windowStart} <= now() - ${window} then 1 else ${rateLimits.hits} + 1 end,
        window_start = case when ${rateLimits.windowStart} <= now() - ${window} then now()
                            else ${rateLimits.windowStart} end
      returning hits, ceil(extract(epoch from (window_start + ${window} - now())))::int as seconds_left`);
    const row = result.rows[0] as { hits: number; seconds_left: number } | undefined;
    if (row && row.hits > limit.max) retryAfterSeconds = Math.max(retryAfterSeconds, row.seconds_left, 1);
  }
  if (retryAfterSeconds > 0) throw new RateLimitedError(retryAfterSeconds);
};

/** Removes windows that ended long ago (the longest limit is an hour), so the table stays small. */
export const purgeStaleRateLimits = async (
  executor: Executor,
  olderThanSeconds = 86_400,
): Promise<number> => {
  const result = await executor.execute(
    sql`delete from ${rateLimits} where ${rateLimits.windowStart} < now() - make_interval(secs => ${olderThanSeconds})`,
  );
  return result.rowCount ?? 0;
};
