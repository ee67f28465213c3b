/**
 * The API's configuration for the fault tests' load (docs/reliability.md), in one place: what a load of
 * hundreds of requests a second from one address needs that production would refuse. Limits added to
 * every request later (per address, per user) are raised here, and nowhere else.
 */
export const loadTestSettings: Record<string, string> = {
  RATE_LIMITS: 'off',
  // The request limits (decision 040) out of reach: the load is one organization and one member of staff.
  RATE_LIMIT_TOKEN_PER_MINUTE: '1000000',
  RATE_LIMIT_ORGANIZATION_PER_MINUTE: '1000000',
  RATE_LIMIT_STAFF_PER_MINUTE: '1000000',
  RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000',
};

/** How many requests the fault tests keep in flight at once, over real HTTP. */
export const loadConcurrency = 50;

/**
 * Runs `task` for each index below `count`, at most `concurrency` at once (each runner takes the next
 * index when its task settles); resolves once every task has.
 */
export const runConcurrently = async (
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const runner = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, runner));
};
