import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: `.data/` and the SPAs' builds are found from here. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const developmentJwtSecret = 'development-only-secret-change-me-please-0123456789';
const developmentTotpKey = 'development-only-totp-key-change-me-please-0123456789';
const developmentReplyKey = 'development-only-reply-address-key-change-me-0123456789';

/** Comma-separated keys of at least 32 characters: the first makes new values, all are accepted (rotation). */
const keyList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(32, 'each key must be at least 32 characters')).min(1, 'needs a key'));

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(
      z
        .url({
          protocol: new RegExp(`^(${protocols.join('|')})$`),
          error: `must be a ${protocols.map((protocol) => `${protocol}://`).join(' or ')} URL`,
        })
        .optional(),
    )
    .optional();

/** An empty variable counts as unset (a blank line in an env file). */
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  /** A direct connection when DATABASE_URL is a transaction-mode pooler: LISTEN and migrations. */
  DATABASE_DIRECT_URL: optionalUrl(['postgres', 'postgresql']),
  /** `off` behind a transaction-mode pooler that keeps no prepared statements (pgbouncer < 1.21). */
  DATABASE_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, '.data')),
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().min(3).default('Portals <no-reply@portals.example>'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Comma-separated; the first encrypts new two-factor secrets, all decrypt (rotation). */
  TOTP_ENCRYPTION_KEYS: keyList.optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(900, 'must be at most 900 (15 minutes)')
    .default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  SEED_DEMO_DATA: z.enum(['true', 'false']).default('true'),
  /** Benchmarks only: load-testing sign-in from one address would otherwise be rate limited. */
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  /** Requests per minute (decision 040): each API token, each organization (its tokens and portal sessions). */
  RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_ORGANIZATION_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Each member of staff (their sessions and tokens), and each client address without a credential. */
  RATE_LIMIT_STAFF_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  RATE_LIMIT_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** A comment line on every idle live events stream this often, so proxies do not close it. */
  LIVE_EVENTS_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(2 * 1024 * 1024 * 1024),
  ATTACHMENT_STORAGE: z.enum(['folder', 's3']).default('folder'),
  S3_ENDPOINT: optionalUrl(['http', 'https']),
  S3_BUCKET: z.string().trim().optional(),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().trim().optional(),
  S3_SECRET_ACCESS_KEY: z.string().trim().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  /** The domain of the reply addresses ticket emails carry (`reply+…@` it); none: no reply by email. */
  INBOUND_EMAIL_DOMAIN: blankAsUnset(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'must be a domain name')
      .optional(),
  ),
  /** Signs reply addresses; the first key signs, all verify (rotation). */
  INBOUND_EMAIL_KEYS: keyList.optional(),
  /** The port of the SMTP listener that receives replies; none: no listener in this process. */
  INBOUND_SMTP_PORT: blankAsUnset(
    z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).optional(),
  ),
  /** Held in memory while read (decision 020): kept well inside the API's heap budget (decision 016). */
  INBOUND_EMAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** How much of a response target runs out before the assignee and the team are warned. */
  SLA_WARNING_PERCENT: z.coerce.number().int().min(1).max(99).default(75),
  /** The vendor as invoices name it: its name, then its address lines, separated by `;`. */
  INVOICE_ISSUER: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .default('Portals Software Ltd; 1 Example Street; 1000 Example City'),
  /** Development and tests only: webhooks to private addresses and plain http (docs/webhooks.md). */
  WEBHOOK_PRIVATE_TARGETS: z.enum(['refused', 'allowed']).default('refused'),
});

/** Every environment variable the API reads (the README's table and `pnpm dev` must list them all). */
export const configVariables = () => Object.keys(ConfigSchema.shape);

/** Settings that are only valid together; checked in every environment. */
const combinationProblems = (environment: Record<string, string | undefined>): string[] => {
  const problems: string[] = [];
  if (environment.INBOUND_SMTP_PORT?.trim() && !environment.INBOUND_EMAIL_DOMAIN?.trim()) {
    problems.push('INBOUND_SMTP_PORT: needs INBOUND_EMAIL_DOMAIN (the domain of the reply addresses)');
  }
  if (environment.ATTACHMENT_STORAGE !== 's3') return problems;
  if (!environment.S3_BUCKET?.trim()) problems.push('S3_BUCKET: is required when ATTACHMENT_STORAGE is s3');
  // Both or neither: without them the SDK's own chain (environment, instance role) applies.
  if (!environment.S3_ACCESS_KEY_ID?.trim() !== !environment.S3_SECRET_ACCESS_KEY?.trim()) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: give both or neither');
  }
  return problems;
};

/** What production needs beyond valid values; checked on the raw environment so every problem shows at once. */
const productionProblems = (environment: Record<string, string | undefined>): string[] => {
  if (environment.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!environment.JWT_SECRET) problems.push('JWT_SECRET: is required in production');
  if (!environment.TOTP_ENCRYPTION_KEYS?.trim()) {
    problems.push('TOTP_ENCRYPTION_KEYS: is required in production');
  }
  if (environment.INBOUND_EMAIL_DOMAIN?.trim() && !environment.INBOUND_EMAIL_KEYS?.trim()) {
    problems.push('INBOUND_EMAIL_KEYS: is required in production when INBOUND_EMAIL_DOMAIN is set');
  }
  if (environment.RATE_LIMITS === 'off') problems.push('RATE_LIMITS: cannot be off in production');
  if (environment.WEBHOOK_PRIVATE_TARGETS === 'allowed') {
    problems.push('WEBHOOK_PRIVATE_TARGETS: cannot be allowed in production');
  }
  if (!environment.DATABASE_URL?.trim()) {
    problems.push('DATABASE_URL: is required in production (the embedded database is for development)');
  }
  // The refresh cookie is Secure only behind https; production never sends it in the clear.
  if (!environment.PUBLIC_URL?.trim().startsWith('https://')) {
    problems.push('PUBLIC_URL: must be an https:// URL in production');
  }
  return problems;
};

export type Config = ReturnType<typeof toConfig>;

const toConfig = (env: z.infer<typeof ConfigSchema>) => ({
  env: env.NODE_ENV,
  host: env.HOST,
  port: env.PORT,
  publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
  logLevel: env.LOG_LEVEL,
  databaseUrl: env.DATABASE_URL,
  databaseDirectUrl: env.DATABASE_DIRECT_URL,
  preparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'on',
  embeddedPostgresPort: env.EMBEDDED_PG_PORT,
  dataDir: path.resolve(env.DATA_DIR),
  smtpUrl: env.SMTP_URL,
  mailFrom: env.MAIL_FROM,
  jwtSecret: env.JWT_SECRET ?? developmentJwtSecret,
  totpEncryptionKeys: env.TOTP_ENCRYPTION_KEYS ?? [developmentTotpKey],
  accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
  refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
  /** Cookies get the Secure flag when the public address is https. */
  secureCookies: (env.PUBLIC_URL ?? '').startsWith('https://'),
  seedDemoData: env.SEED_DEMO_DATA === 'true',
  rateLimits: env.RATE_LIMITS === 'on',
  webhooks: { allowPrivateTargets: env.WEBHOOK_PRIVATE_TARGETS === 'allowed' },
  /** Requests per minute and API process (decision 040). */
  requestLimits: {
    apiToken: env.RATE_LIMIT_TOKEN_PER_MINUTE,
    organization: env.RATE_LIMIT_ORGANIZATION_PER_MINUTE,
    staff: env.RATE_LIMIT_STAFF_PER_MINUTE,
    address: env.RATE_LIMIT_ADDRESS_PER_MINUTE,
  },
  shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  liveEventsHeartbeatSeconds: env.LIVE_EVENTS_HEARTBEAT_SECONDS,
  sla: { warnShare: env.SLA_WARNING_PERCENT / 100 },
  /** The issuer's name and address lines, printed on every invoice. */
  invoiceIssuer: env.INVOICE_ISSUER.split(';')
    .map((line) => line.trim())
    .filter(Boolean),
  attachments: {
    maxBytes: env.ATTACHMENT_MAX_BYTES,
    storage: env.ATTACHMENT_STORAGE,
    s3: {
      bucket: env.S3_BUCKET ?? '',
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
    },
  },
  /** Replies by email (docs/decisions/020-replies-by-email.md). */
  inboundEmail: {
    /** Undefined: ticket emails carry no reply address. */
    domain: env.INBOUND_EMAIL_DOMAIN,
    keys: env.INBOUND_EMAIL_KEYS ?? [developmentReplyKey],
    /** Undefined: this process runs no SMTP listener. */
    smtpPort: env.INBOUND_SMTP_PORT,
    maxBytes: env.INBOUND_EMAIL_MAX_BYTES,
  },
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; names every bad variable at once. */
export const loadConfig = (environment: Record<string, string | undefined> = process.env): Config => {
  const result = ConfigSchema.safeParse(environment);
  const problems = [
    ...(result.error?.issues ?? []).map(
      (issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    ),
    ...combinationProblems(environment),
    ...productionProblems(environment),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return toConfig(result.data);
};
