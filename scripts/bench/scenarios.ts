import { createHmac } from 'node:crypto';
import type { DatabaseHandle } from '../../apps/api/src/db/client';
import type { AccessClaims } from '../../apps/api/src/plugins/access';
import { repliesOfPageTickets, searchWords, virtualMachineNames } from './seed-tickets';

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
  search: { maxP99Ms: 100 },
};

/** A scenario's goals: its own when it has them (creating a ticket), else its kind's. */
export const goalsOf = (result: { kind: ScenarioKind; goals?: Goals }): Goals | undefined =>
  result.goals ?? goalsByKind[result.kind];

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
  /** Headers every request sends besides the token's (e.g. `accept-encoding`, as a browser does). */
  headers?: Record<string, string>;
  /**
   * The response is sent compressed so (checked before the load): `bodyContains` is then checked on
   * the unpacked body of that first answer only, since the load generator sees the compressed bytes.
   */
  contentEncoding?: 'gzip';
  /** Paths rotated across requests in step with the tokens (the same index), instead of `path`. */
  paths?: string[];
  /**
   * Each request made unique: `{n}` in the body replaced by a number of its own, sent with an
   * `Idempotency-Key` made from the same number (a write that must create something every time).
   */
  uniqueRequests?: boolean;
  /** Goals of this scenario rather than its kind's. */
  goals?: Goals;
}

export interface ScenarioResult {
  name: string;
  kind: ScenarioKind;
  goals?: Goals;
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
  /** CPUs PostgreSQL's processes kept busy over the same time (a server on this machine; Linux only). */
  postgresCores?: number;
  /** CPUs the load generator's process kept busy over the same time (Linux only). */
  loadGeneratorCores?: number;
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

/** The claims of each user as sign-in would put them in an access token. */
const claimsOfUsers = async (
  pool: DatabaseHandle['pool'],
  userIds: string[],
): Promise<Map<string, AccessClaims>> => {
  const result = await pool.query<{
    id: string;
    kind: AccessClaims['kind'];
    organization_id: string | null;
    roles: AccessClaims['roles'] | null;
    staff_roles: AccessClaims['staff'];
    tier: AccessClaims['tier'];
  }>(
    `select u.id, u.kind, u.organization_id, u.staff_roles::text[] as staff_roles,
            (select array_agg(r.role::text order by r.role) from contact_roles r where r.user_id = u.id) as roles,
            (select max(s.tier) from subscriptions s
              where s.organization_id = u.organization_id and s.status = 'active') as tier
     from users u where u.id = any($1)`,
    [userIds],
  );
  return new Map(
    result.rows.map((row) => [
      row.id,
      {
        sub: row.id,
        kind: row.kind,
        org: row.organization_id,
        roles: row.roles ?? [],
        staff: row.staff_roles,
        tier: row.tier,
        sv: 1,
        mfa: false,
      },
    ]),
  );
};

export interface Signing {
  secret: string;
  ttlSeconds: number;
}

/** Access tokens of these users, in their order, signed as at sign-in. */
export const tokensOf = async (signing: Signing, pool: DatabaseHandle['pool'], userIds: string[]) => {
  const claims = await claimsOfUsers(pool, [...new Set(userIds)]);
  return userIds.map((userId) => {
    const claim = claims.get(userId);
    if (!claim) throw new Error(`No such user to sign in as: ${userId}`);
    return signAccessToken(claim, signing.secret, signing.ttlSeconds);
  });
};

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

/** Rows the ticket scenarios act on, spread over the data set (ordered by a hash, not by insertion). */
// biome-ignore lint/suspicious/noExplicitAny: pg's own row constraint
const pick = async <Row extends Record<string, any>>(
  pool: DatabaseHandle['pool'],
  what: string,
  text: string,
): Promise<Row[]> => {
  const result = await pool.query<Row>(text, [ticketActors]);
  if (result.rows.length === 0) throw new Error(`No ${what} in the seeded data set`);
  return result.rows;
};

/** Actors (and tickets) each ticket scenario rotates over. */
const ticketActors = 1_000;

/**
 * The ticket scenarios, with the actors and tickets each one rotates over, read from the seeded data
 * set: a contact's tickets are those of their own organization, so every answer is a 2xx.
 */
export const ticketScenarios = async (
  signing: Signing,
  pool: DatabaseHandle['pool'],
  connections: number,
): Promise<Scenario[]> => {
  const pages = await pick<{ id: string; main: string }>(
    pool,
    `tickets with ${repliesOfPageTickets} replies`,
    `select t.id, main.user_id as main
     from tickets t join contact_roles main on main.organization_id = t.organization_id and main.role = 'main'
     where (select count(*) from ticket_events e where e.ticket_id = t.id and e.kind = 'public_reply') = ${repliesOfPageTickets}
     order by t.number limit $1`,
  );
  const mains = await pick<{ user_id: string }>(
    pool,
    'main contacts of organizations with open tickets',
    `select main.user_id from contact_roles main
     where main.role = 'main'
       and exists (select 1 from tickets t where t.organization_id = main.organization_id and t.status = 'open')
     order by md5(main.user_id::text) limit $1`,
  );
  const requesters = await pick<{ user_id: string }>(
    pool,
    'technical contacts who opened tickets',
    `select r.user_id from contact_roles r
     where r.role = 'technical' and exists (select 1 from tickets t where t.requester_user_id = r.user_id)
     order by md5(r.user_id::text) limit $1`,
  );
  const waiting = await pick<{ id: string; requester: string }>(
    pool,
    'tickets in progress',
    `select id, requester_user_id as requester from tickets where status in ('new', 'open', 'pending_customer', 'on_hold')
     order by md5(id::text) limit $1`,
  );
  const agents = await pick<{ id: string }>(
    pool,
    'support agents',
    `select id from users where kind = 'staff' and 'support_agent' = any(staff_roles) order by id limit $1`,
  );
  const [product] = await pick<{ id: string; component: string; version: string }>(
    pool,
    'products',
    `select p.id, (select c.id from product_components c where c.product_id = p.id order by c.position limit 1) as component,
            (select v.id from product_versions v where v.product_id = p.id order by v.position desc limit 1) as version
     from products p order by p.position limit least($1, 1)`,
  );
  if (!product) throw new Error('No products in the seeded data set');

  const pageTokens = await tokensOf(
    signing,
    pool,
    pages.map((row) => row.main),
  );
  const mainTokens = await tokensOf(
    signing,
    pool,
    mains.map((row) => row.user_id),
  );
  const requesterTokens = await tokensOf(
    signing,
    pool,
    requesters.map((row) => row.user_id),
  );
  const waitingTokens = await tokensOf(
    signing,
    pool,
    waiting.map((row) => row.requester),
  );
  const agentTokens = await tokensOf(
    signing,
    pool,
    agents.map((row) => row.id),
  );
  const words = (count: number) =>
    Array.from({ length: count }, (_, index) => searchWords[index % searchWords.length]);
  // Staff look for one virtual machine's tickets (a rare term: a handful of tickets among all of them).
  const machines = Array.from(
    { length: agentTokens.length },
    (_, index) => `vm${(index * 7919) % virtualMachineNames}`,
  );
  const newTicket = JSON.stringify({
    subject: 'Benchmark ticket {n}: live migration fails',
    description: 'Live migration of vm{n} fails after the upgrade; the log is attached. Request {n}.',
    productId: product.id,
    componentId: product.component,
    versionId: product.version,
    severity: 3,
  });
  const ticketsOf = (count: number) => `${count.toLocaleString('en-US')} tickets`;
  const contactsOf = (count: number) => `${count.toLocaleString('en-US')} contacts`;
  return [
    {
      // The ticket page loads the ticket and its timeline (two requests, in parallel); each measured here.
      name: `GET /v1/tickets/:id (${ticketsOf(pages.length)} with 20 replies, main contact)`,
      kind: 'authenticated read',
      method: 'GET',
      path: `/v1/tickets/${pages[0]?.id}`,
      paths: pages.map((row) => `/v1/tickets/${row.id}`),
      connections,
      tokens: pageTokens,
      bodyContains: '"ccs":[',
    },
    {
      name: `GET /v1/tickets/:id/events (${ticketsOf(pages.length)} with 20 replies, main contact)`,
      kind: 'authenticated read',
      method: 'GET',
      path: `/v1/tickets/${pages[0]?.id}/events`,
      paths: pages.map((row) => `/v1/tickets/${row.id}/events`),
      connections,
      tokens: pageTokens,
      bodyContains: '"kind":"public_reply"',
    },
    {
      name: `GET /v1/tickets?view=organization&status=open (${contactsOf(mains.length)}, main)`,
      kind: 'authenticated read',
      method: 'GET',
      path: '/v1/tickets?view=organization&status=open&sort=last_activity',
      connections,
      tokens: mainTokens,
      bodyContains: '"items":[{',
    },
    {
      name: `GET /v1/tickets?view=mine (${contactsOf(requesters.length)}, technical)`,
      kind: 'authenticated read',
      method: 'GET',
      path: '/v1/tickets?view=mine',
      connections,
      tokens: requesterTokens,
      bodyContains: '"items":[{',
    },
    {
      name: `GET /v1/tickets?q=<word> (${contactsOf(mains.length)}, main)`,
      kind: 'search',
      method: 'GET',
      path: `/v1/tickets?q=${searchWords[0]}`,
      paths: words(mainTokens.length).map((word) => `/v1/tickets?q=${word}`),
      connections,
      tokens: mainTokens,
      bodyContains: '"items":[',
    },
    {
      name: `GET /v1/tickets/search?q=<word> (${contactsOf(mains.length)}, main; replies too)`,
      kind: 'search',
      method: 'GET',
      path: `/v1/tickets/search?q=${searchWords[0]}`,
      paths: words(mainTokens.length).map((word) => `/v1/tickets/search?q=${word}`),
      connections,
      tokens: mainTokens,
      bodyContains: '"items":[',
    },
    {
      name: `GET /v1/tickets/search?q=vm<n> (${agentTokens.length} support agents, every ticket)`,
      kind: 'search',
      method: 'GET',
      path: `/v1/tickets/search?q=${machines[0]}`,
      paths: machines.map((machine) => `/v1/tickets/search?q=${machine}`),
      connections,
      tokens: agentTokens,
      bodyContains: '"items":[',
      // The candidates come from app_search_tickets (migration 0013), past row-level security, through the
      // document's GIN index: a rare word, as staff search for, reads its few matches at any size.
    },
    {
      name: `POST /v1/tickets (${contactsOf(requesters.length)}, technical)`,
      kind: 'write',
      method: 'POST',
      path: '/v1/tickets',
      connections,
      tokens: requesterTokens,
      bodies: [newTicket],
      uniqueRequests: true,
      goals: { maxP99Ms: 50 },
      bodyContains: '"status":"new"',
    },
    {
      // With 50 requests always in flight, a request's latency is mostly its wait behind the others
      // (Little's law: the mean is 50 / throughput). One at a time shows what one create costs.
      name: `POST /v1/tickets, one request at a time (${contactsOf(requesters.length)}, technical)`,
      kind: 'write',
      method: 'POST',
      path: '/v1/tickets',
      connections: 1,
      tokens: requesterTokens,
      bodies: [newTicket],
      uniqueRequests: true,
      bodyContains: '"status":"new"',
    },
    {
      name: `POST /v1/tickets/:id/replies (${ticketsOf(waiting.length)} in progress, requester)`,
      kind: 'write',
      method: 'POST',
      path: `/v1/tickets/${waiting[0]?.id}/replies`,
      paths: waiting.map((row) => `/v1/tickets/${row.id}/replies`),
      connections,
      tokens: waitingTokens,
      bodies: [JSON.stringify({ body: 'Still happening on vm{n} after the restart: reply {n}.' })],
      uniqueRequests: true,
      bodyContains: '"kind":"public_reply"',
    },
  ];
};
