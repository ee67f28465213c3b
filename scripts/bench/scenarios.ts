import type { buildServer } from '../../apps/api/src/build-server';
import type { DatabaseHandle } from '../../apps/api/src/db/client';
import type { AccessClaims } from '../../apps/api/src/plugins/access';

/** One endpoint under load; plain data, sent to the load generator's process. */
export interface Scenario {
  name: string;
  path: string;
  /** Bearer tokens rotated across requests, one after another; none for public routes. */
  tokens?: string[];
  /** A text every response body must contain (a mismatch fails the run). */
  bodyContains?: string;
}

export interface ScenarioResult {
  name: string;
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
}

export const failuresOf = (result: ScenarioResult): number =>
  result.non2xx + result.errors + result.timeouts + result.mismatches;

interface MainContactRow {
  user_id: string;
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
 * Access tokens of the main contacts of `count` organizations spread over the whole data set
 * (ordered by a hash of the id, not by insertion), signed by the app as at login.
 */
export const contactTokens = async (
  app: Awaited<ReturnType<typeof buildServer>>,
  pool: DatabaseHandle['pool'],
  count: number,
): Promise<string[]> => {
  const result = await pool.query<MainContactRow>(
    `select u.id as user_id, u.organization_id,
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
  return result.rows.map((row) =>
    app.jwt.sign({
      sub: row.user_id,
      kind: 'contact',
      org: row.organization_id,
      roles: row.roles,
      staff: [],
      tier: row.tier,
      sv: 1,
      mfa: false,
    } satisfies AccessClaims),
  );
};

export const scenarios = (tokens: string[]): Scenario[] => [
  { name: 'GET /health', path: '/health', bodyContains: '"ok"' },
  { name: 'GET /ready', path: '/ready', bodyContains: '"ready"' },
  { name: 'GET /v1/tiers', path: '/v1/tiers', bodyContains: '"premium"' },
  {
    name: `GET /v1/subscriptions?limit=25 (${tokens.length.toLocaleString('en-US')} contacts)`,
    path: '/v1/subscriptions?limit=25',
    tokens,
    // Every seeded organization has at least one subscription: an empty page is a wrong answer.
    bodyContains: '"items":[{',
  },
];
