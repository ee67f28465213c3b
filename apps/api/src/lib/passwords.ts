import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes at once, at most: one a CPU. Each holds 19 MiB while it runs, and Node's thread pool would run
 * four; beyond one a core they only wait for a CPU, holding their memory meanwhile.
 */
const maxConcurrentHashes = Math.max(1, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

const oneAtATimePerCore = async <T>(work: () => Promise<T>): Promise<T> => {
  if (running < maxConcurrentHashes) running += 1;
  // A finishing hash hands its place straight to the first waiting one: nobody overtakes it.
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
};

export const hashPassword = (password: string): Promise<string> =>
  oneAtATimePerCore(() => hash(password, options));
export const verifyPassword = (hashed: string, password: string): Promise<boolean> =>
  oneAtATimePerCore(() => verify(hashed, password));
