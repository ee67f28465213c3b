import type { buildServer } from '../../apps/api/src/build-server';
import type { DatabaseHandle } from '../../apps/api/src/db/client';
import type { AccessClaims } from '../../apps/api/src/plugins/access';

/** One endpoint under load; plain data, sent to the load generator's process. */
export interface Scenario {
  name: string;
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

/** What the app's @fastify/jwt adds; its type augmentation does not reach the scripts' project. */
interface TokenSigner {
  jwt: { sign(claims: AccessClaims): string };
}
const hasTokenSigner = (app: object): app is TokenSigner => 'jwt' in app;

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
  app: Awaited<ReturnType<typeof buildServer>>,
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
  if (!hasTokenSigner(app)) throw new Error('The app has no access token signer (app.jwt)');
  return result.rows.map((row) => ({
    email: row.email,
    accessToken: app.jwt.sign({
      sub: row.user_id,
      kind: 'contact',
      org: row.organization_id,
      roles: row.roles,
      staff: [],
      tier: row.tier,
      sv: 1,
      mfa: false,
    } satisfies AccessClaims),
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
      name: 'GET /health',
      method: 'GET',
      path: '/health',
      connections: connections.reads,
      bodyContains: '"ok"',
    },
    {
      name: 'GET /ready',
      method: 'GET',
      path: '/ready',
      connections: connections.reads,
      bodyContains: '"ready"',
    },
    {
      name: 'GET /v1/tiers',
      method: 'GET',
      path: '/v1/tiers',
      connections: connections.reads,
      bodyContains: '"premium"',
    },
    {
      // The access check (findSessionState) and the user with roles and tier: two queries.
      name: `GET /v1/me (${many})`,
      method: 'GET',
      path: '/v1/me',
      connections: connections.reads,
      tokens,
      bodyContains: '"kind":"contact"',
    },
    {
      name: `GET /v1/subscriptions?limit=25 (${many})`,
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
      method: 'POST',
      path: '/v1/auth/sign-in',
      connections: connections.signIn,
      bodies: contacts.map(({ email }) => JSON.stringify({ email, password: benchPassword })),
      // A two-factor challenge is a 200 too, but no session: only an access token counts.
      bodyContains: '"accessToken":"',
    },
  ];
};
