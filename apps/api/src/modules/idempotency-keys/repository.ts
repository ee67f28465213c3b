import { sql } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema/index';
import type { PrivilegedExecutor } from '../../db/scope';

/** Deletes up to `batchSize` keys stored before `cutOff`, oldest first; answers how many went. */
export const deleteIdempotencyKeysBefore = async (
  executor: PrivilegedExecutor,
  cutOff: Date,
  batchSize: number,
): Promise<number> => {
  const result = await executor.execute(sql`
    delete from ${idempotencyKeys}
    where id in (
      select id from ${idempotencyKeys}
      where created_at < ${cutOff.toISOString()}::timestamptz
      order by created_at
      limit ${batchSize}
      for update skip locked
    )`);
  return result.rowCount ?? 0;
};
