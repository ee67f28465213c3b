import { z } from 'zod';
import { permissions } from '../policy';
import { pageOf } from './pagination';

/** The longest an API token may live: a forgotten integration stops on its own. */
export const apiTokenMaxLifetimeMonths = 12;

const Scope = z.enum(permissions);

/** The latest expiry a token created at `now` may have. */
export const latestApiTokenExpiry = (now: Date = new Date()): Date => {
  const latest = new Date(now);
  latest.setUTCMonth(latest.getUTCMonth() + apiTokenMaxLifetimeMonths);
  return latest;
};

export const CreateApiTokenRequest = z.object({
  /** What the token is for, to recognise it later ("Nagios ticket bridge"). */
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  expiresAt: z.iso
    .datetime({ offset: true })
    // Unparseable dates are left to the format check above: one error, not three.
    .refine((value) => !(Date.parse(value) <= Date.now()), 'must be in the future')
    .refine(
      (value) => !(Date.parse(value) > latestApiTokenExpiry().getTime()),
      `must be at most ${apiTokenMaxLifetimeMonths} months ahead`,
    ),
  /** A subset of the creator's own permissions; the token never acts beyond them. */
  scopes: z
    .array(Scope)
    .min(1, 'must name at least one permission')
    .superRefine((scopes, context) => {
      scopes.forEach((scope, index) => {
        if (scopes.indexOf(scope) !== index) {
          context.addIssue({ code: 'custom', message: `${scope} is listed twice`, path: [index] });
        }
      });
    }),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

/** Derived from `revokedAt` and `expiresAt`, never stored. */
export const ApiTokenStatus = z.enum(['active', 'expired', 'revoked']);
export type ApiTokenStatus = z.infer<typeof ApiTokenStatus>;

/** A token as listed: never its secret, only the prefix to recognise it by. */
export const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  tokenPrefix: z.string(),
  scopes: z.array(Scope),
  status: ApiTokenStatus,
  expiresAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** The answer to creating a token: the only time its secret is shown. */
export const CreatedApiToken = z.object({
  token: z.string(),
  apiToken: ApiToken,
});
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

export const ApiTokenPage = pageOf(ApiToken);
export type ApiTokenPage = z.infer<typeof ApiTokenPage>;
