import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/**
 * drizzle's migrator applies a migration only if its journal time (`when`) is later than the last one
 * the database has applied: a migration written with an earlier time than its predecessor (a hand-set
 * time, a clock behind) is skipped on every database already migrated past that predecessor, silently.
 */
it('keeps the migrations in the order of their journal times, each later than the one before', () => {
  const journal = JSON.parse(
    readFileSync(new URL('../src/db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
  ) as { entries: { idx: number; when: number; tag: string }[] };
  journal.entries.forEach((entry, index) => {
    expect(entry.idx, entry.tag).toBe(index);
    const previous = journal.entries[index - 1];
    if (previous) expect(entry.when, `${entry.tag} after ${previous.tag}`).toBeGreaterThan(previous.when);
  });
});
