import { hashPassword, verifyPassword } from '../../apps/api/src/lib/passwords';

/** Timings of one operation, in milliseconds. */
export interface Timing {
  samples: number;
  mean: number;
  /** Nearest rank: with 20 samples, the slowest. */
  p99: number;
}

export interface PasswordHashing {
  hash: Timing;
  verify: Timing;
}

const timingOf = (milliseconds: number[]): Timing => {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(0.99 * sorted.length));
  return {
    samples: sorted.length,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    p99: sorted[rank - 1] ?? 0,
  };
};

const timed = async (operation: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await operation();
  return performance.now() - started;
};

/**
 * The cost of one password hash and one verification, as the API computes them (same function,
 * same parameters), one at a time in this process while nothing else runs: the wall time of one
 * operation is then its CPU time on one core (argon2id with parallelism 1).
 */
export const measurePasswordHashing = async (
  password: string,
  samples: number,
  warmups: number,
): Promise<PasswordHashing> => {
  const stored = await hashPassword(password);
  for (let index = 0; index < warmups; index += 1) {
    await hashPassword(password);
    await verifyPassword(stored, password);
  }
  const hashes: number[] = [];
  const verifications: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    hashes.push(await timed(() => hashPassword(password)));
    verifications.push(
      await timed(async () => {
        if (!(await verifyPassword(stored, password)))
          throw new Error('verifyPassword rejected its own hash');
      }),
    );
  }
  return { hash: timingOf(hashes), verify: timingOf(verifications) };
};
