import { z } from 'zod';

/** The longest `Idempotency-Key` accepted (the database checks it again). */
export const idempotencyKeyMaxLength = 200;

/** The `Idempotency-Key` header of a creating POST: 1 to 200 printable ASCII characters, no spaces. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(idempotencyKeyMaxLength)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** The headers every endpoint declaring `idempotent: true` takes (its definition gets them). */
export const IdempotencyHeaders = z.object({
  'idempotency-key': IdempotencyKey.optional().meta({
    description:
      'Makes a retry safe (up to 200 printable ASCII characters, e.g. a UUID). Within 24 hours, a retry with the ' +
      'same key and the same request answers what the first one did, with `Idempotent-Replayed: true`, and ' +
      'creates nothing; the same key with another request is refused (422); while the first request is still ' +
      'running, 409. A failed first request (4xx, 5xx) keeps nothing: a retry runs again. Keys are per ' +
      "credential: a person's sign-in sessions share theirs, each API token has its own.",
  }),
});
export type IdempotencyHeaders = z.infer<typeof IdempotencyHeaders>;

/** The response header of an answer replayed for a retry. */
export const idempotentReplayedHeader = 'idempotent-replayed';
