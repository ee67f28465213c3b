import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { invoiceNumberCounters } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';

/**
 * The next number of a series in a year, taken in the caller's transaction: the counter's row lock makes
 * concurrent takers wait their turn, and a rollback gives the number back, so numbers have no gaps.
 */
export const takeNumber = async (
  tx: Executor | ScopedExecutor,
  series: string,
  year: number,
): Promise<number> => {
  const [counter] = await tx
    .insert(invoiceNumberCounters)
    .values({ series, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [invoiceNumberCounters.series, invoiceNumberCounters.year],
      set: { lastNumber: sql`${invoiceNumberCounters.lastNumber} + 1` },
    })
    .returning({ number: invoiceNumberCounters.lastNumber });
  if (!counter) throw new Error(`no ${series} number taken`);
  return counter.number;
};
