import { createHmac } from 'node:crypto';
import type { DatabaseHandle } from '../../apps/api/src/db/client';
import type { AccessClaims } from '../../apps/api/src/plugins/access';

/**
 * What a scenario is, which decides the goals it is held to (`goalsByKind`):
 * - `floor`: the bare Fastify route with one indexed query (floor-server.ts), the yardstick;
 * - `authenticated read`: a signed-in user's GET, compared with the floor;
 * - `write`, `search`, `public`: no goal yet beyond every answer being right.
 */
export type ScenarioKind = 'authenticated read' | 'write' | 'search' | 'public' | 'floor';

export interface Goals {
  /** Least throughput as a share of the floor's, measured in the same run. */
  minShareOfFloor?: number;
  /** Largest p99 latency in milliseconds. */
  maxP99Ms?: number;
}

/** Goals of the benchmark (not tests): each authenticated read ≥ 40 % of the floor, p99 ≤ 25 ms. */
export const goalsByKind: Partial<Record<ScenarioKind, Goals>> = {
  'authenticated read': { minShareOfFloor: 0.4, maxP99Ms: 25 },
};

/** Largest resident memory of the API's process over the whole run. */
export const maxApiRssMegabytes = 250;

/** The floor server's one route. */
export const floorPath = '/floor/user';

/** One endpoint under load; plain data, sent to the load generator's process. */
export interface Scenario {
  name: string;
  kind: ScenarioKind;
  method: 'GET' | 'POST';
  path: string;
  /** Concurrent connections for this scenario (the run's setting, or fewer for CPU-bound routes). */
  connections: number;
  /** Bearer tokens rotated across requests, one after another; none for public routes. */
  tokens?: string[];
  /** JSON request bodies rotated across requests, one after another. */
  bodies?: string[];
  /** A text every response body must contain (a mismatch fails the run). */
  bodyContains?: string;
}

export interface ScenarioResult {
  name: string;
  kind: ScenarioKind;
  connections: number;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  latencyAverage: number;
  totalRequests: number;
  durationSeconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  statusCodes: Record<string, number>;
  /** CPUs the API's process kept busy (event loop and argon2id threads), warm-up included: set by run.ts. */
  apiCores?: number;
  /** Percent of the machine's CPU time in use, by anyone, over the same time (Linux only). */
  machineBusy?: number;
  /** The API process's resident memory right after the scenario, and its peak so far, in MB: set by run.ts. */
  apiRssMegabytes?: number;
  apiPeakRssMegabytes?: number;
}

export const failuresOf = (result: ScenarioResult): number =>
  result.non2xx + result.errors + result.timeouts + result.mismatches;

interface MainContactRow {
  user_id: string;
  email: string;
  organization_id: string;
  roles: AccessClaims['roles'];
  tier: AccessClaims['tier'];
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * An access token as sign-in makes it (HS256 with the API's secret, the TTL's expiry): the API runs in
 * its own process, so the benchmark signs with the secret it gives that process.
 */
const signAccessToken = (claims: AccessClaims, secret: string, ttlSeconds: number): string => {
  const issuedAt = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ ...claims, iat: issuedAt, exp: issuedAt + ttlSeconds }));
  const signature = base64url(createHmac('sha256', secret).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
};

/**
 * The password of every seeded contact (seed-large.ts stores its argon2id hash): the sign-in
 * scenario signs in with it, so each request verifies a real hash.
 */
export const benchPassword = 'bench-only password, not a secret';

/** A seeded contact the scenarios act as: signs in with its email, reads with its access token. */
export interface BenchContact {
  email: string;
  accessToken: string;
}

/**
 * The main contacts of `count` organizations spread over the whole data set (ordered by a hash of
 * the id, not by insertion), with access tokens signed by the app as at sign-in.
 */
export const benchContacts = async (
  signing: { secret: string; ttlSeconds: number },
  pool: DatabaseHandle['pool'],
  count: number,
): Promise<BenchContact[]> => {
  const result = await pool.query<MainContactRow>(
    `select u.id as user_id, u.email, u.organization_id,
            (select array_agg(r.role::text order by r.role) from contact_roles r where r.user_id = u.id) as roles,
            (select max(s.tier) from subscriptions s
              where s.organization_id = u.organization_id and s.status = 'active') as tier
     from contact_roles main
     join users u on u.id = main.user_id
     where main.role = 'main'
     order by md5(main.organization_id::text)
     limit $1`,
    [count],
  );
  return result.rows.map((row) => ({
    email: row.email,
    accessToken: signAccessToken(
      {
        sub: row.user_id,
        kind: 'contact',
        org: row.organization_id,
        roles: row.roles,
        staff: [],
        tier: row.tier,
        sv: 1,
        mfa: false,
      },
      signing.secret,
      signing.ttlSeconds,
    ),
  }));
};

export const scenarios = (
  contacts: BenchContact[],
  connections: { reads: number; signIn: number },
): Scenario[] => {
  const tokens = contacts.map((contact) => contact.accessToken);
  const many = `${contacts.length.toLocaleString('en-US')} contacts`;
  return [
    {
      // First: the yardstick of the authenticated reads, served by floor-server.ts, not the API.
      name: 'floor: bare Fastify, one indexed query',
      kind: 'floor',
      method: 'GET',
      path: floorPath,
      connections: connections.reads,
      bodyContains: '"email":"',
    },
    {
      name: 'GET /health',
      kind: 'public',
      method: 'GET',
      path: '/health',
      connections: connections.reads,
      bodyContains: '"ok"',
    },
    {
      name: 'GET /ready',
      kind: 'public',
      method: 'GET',
      path: '/ready',
      connections: connections.reads,
      bodyContains: '"ready"',
    },
    {
      name: 'GET /v1/tiers',
      kind: 'public',
      method: 'GET',
      path: '/v1/tiers',
      connections: connections.reads,
      bodyContains: '"premium"',
    },
    {
      // One scoped transaction: its opening statement also checks the session, then the user with roles
      // and tier (prepared), then the commit: three round trips on one pooled connection.
      name: `GET /v1/me (${many})`,
      kind: 'authenticated read',
      method: 'GET',
      path: '/v1/me',
      connections: connections.reads,
      tokens,
      bodyContains: '"kind":"contact"',
    },
    {
      name: `GET /v1/subscriptions?limit=25 (${many})`,
      kind: 'authenticated read',
      method: 'GET',
      path: '/v1/subscriptions?limit=25',
      connections: connections.reads,
      tokens,
      // Every seeded organization has at least one subscription: an empty page is a wrong answer.
      bodyContains: '"items":[{',
    },
    {
      // Last: argon2id verifications run on libuv's thread pool and use both CPUs fully.
      name: `POST /v1/auth/sign-in (${many})`,
      kind: 'write',
      method: 'POST',
      path: '/v1/auth/sign-in',
      connections: connections.signIn,
      bodies: contacts.map(({ email }) => JSON.stringify({ email, password: benchPassword })),
      // A two-factor challenge is a 200 too, but no session: only an access token counts.
      bodyContains: '"accessToken":"',
    },
  ];
};
