/** Everything the benchmark reads from the environment, read once here. */
export interface BenchSettings {
  /** Measured seconds per scenario (BENCH_DURATION). */
  durationSeconds: number;
  /** Unmeasured seconds before each scenario, to warm the JIT and the pools (BENCH_WARMUP). */
  warmupSeconds: number;
  /** Concurrent HTTP connections of the load generator (BENCH_CONNECTIONS). */
  connections: number;
  /**
   * Connections for the sign-in scenario (BENCH_SIGN_IN_CONNECTIONS): each sign-in is a CPU-bound
   * argon2id verification, so a few connections already keep the CPUs busy; more only add waiting.
   */
  signInConnections: number;
  /** Organizations in the seeded data set (BENCH_ORGANIZATIONS). */
  organizations: number;
  /** Tickets in the seeded data set (BENCH_TICKETS). */
  tickets: number;
  /** Replies and internal notes on them (BENCH_REPLIES), besides each ticket's creation event. */
  replies: number;
  /** A PostgreSQL server to create the bench database on; the embedded PostgreSQL when unset. */
  databaseUrl: string | undefined;
  /**
   * Only the scenarios whose name starts with one of these (BENCH_SCENARIOS, comma-separated, e.g.
   * `GET /v1/me,GET /v1/subscriptions`): a before/after comparison of the routes a change concerns.
   * Empty: every scenario.
   */
  scenarioNames: string[];
  /**
   * A database on DATABASE_URL's server to keep (BENCH_DATABASE): made, migrated and seeded on the first
   * run, only migrated on later ones, never dropped. For before/after comparisons without reseeding; the
   * write scenarios add to it, so its counts grow from run to run.
   */
  keptDatabase: string | undefined;
  /**
   * A folder for V8 CPU profiles of the API and the floor (BENCH_CPU_PROFILE; one file a process,
   * written when it stops): where the time of a scenario goes. Profiling slows both down a little.
   */
  cpuProfileFolder: string | undefined;
}

const positiveInteger = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new Error(`${name} must be a positive whole number, got "${value}"`);
  }
  return parsed;
};

const keptDatabaseName = (value: string | undefined): string | undefined => {
  const name = value?.trim();
  if (!name) return undefined;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`BENCH_DATABASE must be a lower-case database name (letters, digits, _), got "${value}"`);
  }
  return name;
};

export const readSettings = (env: Record<string, string | undefined>): BenchSettings => ({
  durationSeconds: positiveInteger('BENCH_DURATION', env.BENCH_DURATION, 10),
  warmupSeconds: positiveInteger('BENCH_WARMUP', env.BENCH_WARMUP, 2),
  connections: positiveInteger('BENCH_CONNECTIONS', env.BENCH_CONNECTIONS, 50),
  signInConnections: positiveInteger('BENCH_SIGN_IN_CONNECTIONS', env.BENCH_SIGN_IN_CONNECTIONS, 8),
  organizations: positiveInteger('BENCH_ORGANIZATIONS', env.BENCH_ORGANIZATIONS, 10_000),
  tickets: positiveInteger('BENCH_TICKETS', env.BENCH_TICKETS, 1_000_000),
  replies: positiveInteger('BENCH_REPLIES', env.BENCH_REPLIES, 3_000_000),
  databaseUrl: env.DATABASE_URL?.trim() || undefined,
  scenarioNames: (env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== ''),
  keptDatabase: keptDatabaseName(env.BENCH_DATABASE),
  cpuProfileFolder: env.BENCH_CPU_PROFILE?.trim() || undefined,
});
