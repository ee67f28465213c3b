import { createHash, randomBytes } from 'node:crypto';

/** An unguessable token to hand out once (256 bits, URL-safe). */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/** What we store instead of the token: a lookup by hash finds it, a database leak reveals nothing usable. */
export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('hex');
