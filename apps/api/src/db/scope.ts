import { createHash } from 'node:crypto';
import { type Actor, type StaffRole, type TicketReadAudience, ticketReadAudienceOf } from '@portals/domain';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { AppError } from '../lib/app-error';
import type { Database } from './client';
import * as schema from './schema/index';
import {
  type SessionCheck,
  sessionCheckOf,
  sessionCheckStatement,
  sessionCheckValues,
  sessionEndedDetail,
  settleSessionCheck,
} from './session-check';
import { type BatchStatement, sendBatch } from './statement-batch';

/**
 * The two ways to reach the database (docs/decisions/009-row-level-security.md):
 * - scoped: a transaction run as the `portals_app` role, with the actor's organization (or staff) set;
 *   PostgreSQL's row-level security then admits only that organization's rows (all rows for staff);
 * - privileged: the owner's connection, which row-level security does not limit: sign-in by email, token
 *   look-ups, the session check, Order Form processing, jobs, migrations and seeding only.
 * They are distinct types, so a repository function states which one it needs and the compiler refuses
 * the other; the raw `Database` is neither.
 */

/** The role scoped transactions run as (made by migration 0010). */
export const appRole = 'portals_app';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

declare const scopedBrand: unique symbol;
declare const privilegedBrand: unique symbol;

/** A transaction limited by row-level security to one scope. Nested transactions keep the brand. */
export type ScopedExecutor = {
  readonly [scopedBrand]: true;
  transaction<T>(run: (tx: ScopedExecutor) => Promise<T>): Promise<T>;
} & Transaction;

type PrivilegedTransaction = {
  readonly [privilegedBrand]: true;
  transaction<T>(run: (tx: PrivilegedTransaction) => Promise<T>): Promise<T>;
} & Transaction;

export type PrivilegedDatabase = {
  readonly [privilegedBrand]: true;
  transaction<T>(run: (tx: PrivilegedTransaction) => Promise<T>): Promise<T>;
} & Database;

/** The owner's connection or one of its transactions: every row of every organization. */
export type PrivilegedExecutor = PrivilegedDatabase | PrivilegedTransaction;

/** For the few helpers both paths share (audit entries, the email outbox); they name the organization. */
export type AnyExecutor = ScopedExecutor | PrivilegedExecutor;

/**
 * What services hold: no query of its own, only the way to one of the two paths (`withScope` or
 * `privileged`), so a service cannot query the owner's connection by accident.
 */
export type DatabaseAccess = Pick<Database, '$client'>;

/**
 * The one privileged entry point: the database as its owner, past row-level security. Use it only for
 * what must cross organizations before or without an actor (see above); everything else runs `withScope`.
 */
export const privileged = (db: DatabaseAccess): PrivilegedDatabase => db as PrivilegedDatabase;

/** Whose rows a transaction sees: one organization, every organization (staff), or none. */
export interface Scope {
  userId: string | null;
  organizationId: string | null;
  staff: boolean;
  staffRoles: readonly StaffRole[];
  /** Which tickets it sees (migration 0011's policies): from the actor's permissions, a token's scopes included. */
  ticketAudience: TicketReadAudience;
  /** The request's session check, when deferred to its first scoped transaction (session-check.ts). */
  sessionCheck?: SessionCheck;
}

/** A scope that holds an organization: what a contact's requests run in. */
export interface OrganizationScope extends Scope {
  organizationId: string;
}

/** No actor: no organization's rows at all. */
export const noActorScope: Scope = {
  userId: null,
  organizationId: null,
  staff: false,
  staffRoles: [],
  ticketAudience: 'none',
};

/** The one place a request's actor becomes the scope its queries run in. */
export const scopeOf = (actor: Actor | null | undefined): Scope => {
  if (!actor) return noActorScope;
  const ticketAudience = ticketReadAudienceOf(actor);
  const sessionCheck = sessionCheckOf(actor);
  const checked = sessionCheck ? { sessionCheck } : {};
  if (actor.kind === 'staff') {
    return {
      userId: actor.userId,
      organizationId: null,
      staff: true,
      staffRoles: actor.staffRoles,
      ticketAudience,
      ...checked,
    };
  }
  return {
    userId: actor.userId,
    organizationId: actor.organizationId,
    staff: false,
    staffRoles: [],
    ticketAudience,
    ...checked,
  };
};

/** The actor's scope, which must be one organization's (a contact's); `refusal` explains a 403 otherwise. */
export const organizationScopeOf = (actor: Actor, refusal: string): OrganizationScope => {
  const scope = scopeOf(actor);
  if (scope.organizationId === null) throw new AppError('forbidden', refusal);
  return { ...scope, organizationId: scope.organizationId };
};

/**
 * What the scoped executor of one pooled connection sends its queries through. The statements that
 * open a transaction (the session check, the switch to the app role and the scope) wait here for the
 * transaction's first query and go out with it as one batch (statement-batch.ts): one write, one answer.
 */
interface ScopedConnection {
  readonly client: pg.PoolClient;
  readonly executor: ScopedExecutor;
  /** The opening statements not sent yet: they precede the transaction's first query. */
  pendingOpening: BatchStatement[] | undefined;
  /** The session check's answer, once sent (an empty result when the opening held no check). */
  opened: Promise<pg.QueryResult | undefined> | undefined;
  /** The session check the opening carries, if any: settled as soon as the opening's answer is in. */
  sessionCheck: SessionCheck | undefined;
  /** The transaction has ended (or was never opened): nothing more may go out in its scope. */
  ended: boolean;
  /** Set by readScoped: the queries its callback sends, collected for one batch instead of sent. */
  collecting: { statement: BatchStatement; settle: (answer: Promise<pg.QueryResult>) => void }[] | undefined;
  /** The name of each query text prepared on this connection (namedStatement). */
  readonly statements: Map<string, string>;
}

/** Statements a connection prepares at most; later new ones go unnamed (parsed and planned each time). */
const preparedStatementsPerConnection = 500;

/**
 * Every query of a scoped transaction as a named statement, prepared once per connection (as pgJDBC and
 * postgres.js do): PostgreSQL parses and rewrites it once, with each table's row-level security policy,
 * and plans it once (generic plans: openingOf). The name is the text's hash, so the same text is the same
 * statement; a query that names itself keeps its name.
 */
const namedStatement = (scoped: ScopedConnection, text: string): string | undefined => {
  let statement = scoped.statements.get(text);
  if (statement === undefined) {
    if (scoped.statements.size >= preparedStatementsPerConnection) return undefined;
    statement = `scoped_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    scoped.statements.set(text, statement);
  }
  return statement;
};

/** A query as drizzle sends it (a config object and values, or SQL text) as one statement of a batch. */
const statementOf = (scoped: ScopedConnection, config: unknown, values: unknown): BatchStatement => {
  const given = (typeof config === 'string' ? { text: config } : config) as BatchStatement;
  const name = given.name ?? namedStatement(scoped, given.text);
  return {
    text: given.text,
    values: (Array.isArray(values) ? values : given.values) ?? [],
    ...(name === undefined ? {} : { name }),
    ...(given.rowMode ? { rowMode: given.rowMode } : {}),
    ...(given.types ? { types: given.types } : {}),
  };
};

/** Sends statements as one batch; the opening, when still pending, goes in front of them. */
const sendWithOpening = (scoped: ScopedConnection, statements: BatchStatement[]) => {
  const opening = scoped.pendingOpening ?? [];
  scoped.pendingOpening = undefined;
  const answers = sendBatch(scoped.client, [...opening, ...statements]);
  if (opening.length > 0) {
    const { sessionCheck } = scoped;
    // The check, when there is one, is the opening's first statement after any `begin`.
    const checkAt = sessionCheck ? opening.findIndex((statement) => statement.name === sessionCheckName) : -1;
    const opened = checkAt >= 0 ? (answers[checkAt] as Promise<pg.QueryResult>) : Promise.resolve(undefined);
    opened.then(
      (answer) => {
        if (!sessionCheck || !answer) return;
        try {
          settleSessionCheck(sessionCheck, answer);
        } catch {
          // Recorded in the check's outcome; the transaction throws it once its work is done.
        }
      },
      () => undefined,
    );
    scoped.opened = opened;
  }
  return answers.slice(opening.length);
};

/**
 * Sends a query of the transaction: with the opening in front of the first one, or into readScoped's
 * batch. Once the opening's answer shows an ended session, nothing more is sent.
 */
const sendOn = (scoped: ScopedConnection, config: unknown, values?: unknown): Promise<unknown> => {
  if (scoped.ended) throw new Error('A query of a scoped transaction was sent after its end');
  if (scoped.sessionCheck?.outcome === 'ended') throw new AppError('unauthenticated', sessionEndedDetail);
  const statement = statementOf(scoped, config, values);
  if (scoped.collecting) {
    const { collecting } = scoped;
    return new Promise<pg.QueryResult>((resolve, reject) => {
      collecting.push({ statement, settle: (answer) => answer.then(resolve, reject) });
    });
  }
  // A batch of one, as node-postgres would send it, but keeping track of statements a failure left uncertain.
  if (scoped.pendingOpening) return sendWithOpening(scoped, [statement])[0] as Promise<pg.QueryResult>;
  return sendBatch(scoped.client, [statement])[0] as Promise<pg.QueryResult>;
};

/**
 * One scoped executor per pooled connection: a drizzle instance on that connection whose `transaction`
 * makes savepoints (the scoped transaction is already open). Being the same object from one request to
 * the next on that connection, per-executor caches (prepared queries) keep working.
 */
const scopedConnections = new WeakMap<pg.PoolClient, ScopedConnection>();
const scopedOfExecutor = new WeakMap<ScopedExecutor, ScopedConnection>();

const scopedConnectionOf = (client: pg.PoolClient): ScopedConnection => {
  const cached = scopedConnections.get(client);
  if (cached) return cached;
  const scoped = {
    client,
    pendingOpening: undefined,
    opened: undefined,
    sessionCheck: undefined,
    ended: true,
    collecting: undefined,
    statements: new Map(),
  } as Omit<ScopedConnection, 'executor'> as ScopedConnection;
  // Drizzle needs only `query` of its client.
  const sender = { query: (config: unknown, values?: unknown) => sendOn(scoped, config, values) };
  const onConnection = drizzle(sender as unknown as pg.PoolClient, { schema });
  let depth = 0;
  const executor: ScopedExecutor = Object.create(onConnection, {
    transaction: {
      value: async <T>(run: (tx: ScopedExecutor) => Promise<T>): Promise<T> => {
        depth += 1;
        const savepoint = `scoped_${depth}`;
        await sender.query(`savepoint ${savepoint}`);
        try {
          const result = await run(executor);
          await sender.query(`release savepoint ${savepoint}`);
          return result;
        } catch (error) {
          await sender.query(`rollback to savepoint ${savepoint}`);
          throw error;
        } finally {
          depth -= 1;
        }
      },
    },
  });
  Object.assign(scoped, { executor });
  scopedConnections.set(client, scoped);
  scopedOfExecutor.set(executor, scoped);
  return scoped;
};

const sessionCheckName = 'scope_session_check';

/**
 * The statements that open a scoped transaction, prepared once per connection: a pending session check
 * (as the owner, before the switch), then the switch to the app role, the scope and generic plans with
 * `set_config(…, true)`. Both end with the transaction, so nothing carries over to the connection's next
 * user, and it works through a transaction-mode pooler too. `begin` first when the transaction is to
 * outlast its first batch.
 */
const openingOf = (
  scope: Scope,
  sessionCheck: SessionCheck | undefined,
  explicit: boolean,
): BatchStatement[] => [
  ...(explicit ? [{ text: 'begin', name: 'scope_begin' }] : []),
  ...(sessionCheck
    ? [{ text: sessionCheckStatement, name: sessionCheckName, values: sessionCheckValues(sessionCheck) }]
    : []),
  {
    name: 'scope_open',
    text:
      `select set_config('role', '${appRole}', true), set_config('app.organization_id', $1, true), ` +
      `set_config('app.staff', $2, true), set_config('app.staff_roles', $3, true), ` +
      `set_config('app.user_id', $4, true), set_config('app.ticket_audience', $5, true), ` +
      // Every scoped statement is prepared: planned once per connection, not again at each run. In
      // the default mode PostgreSQL re-plans a statement whenever a plan for the values at hand looks
      // cheaper than the generic one, and kept doing so for the ticket lists (about 1 ms of planning for
      // 0.2 ms of work). The statements that want plans for their values say so themselves
      // (app_search_tickets).
      `set_config('plan_cache_mode', 'force_generic_plan', true)`,
    values: [
      scope.organizationId ?? '',
      scope.staff ? 'on' : 'off',
      scope.staffRoles.join(','),
      scope.userId ?? '',
      scope.ticketAudience,
    ],
  },
];

/**
 * Opens a scoped transaction on a pooled connection, lets `work` use it, and ends it. The opening waits
 * for the first query. A failure anywhere ends the transaction with a rollback; a connection that cannot
 * even roll back is dropped rather than handed to the next request. The session check, when it went out
 * with the opening, is settled before anything is returned: an ended session answers 401 whatever the
 * work found.
 */
const inScopedTransaction = async <T>(
  db: DatabaseAccess,
  scope: Scope,
  explicit: boolean,
  work: (scoped: ScopedConnection) => Promise<T>,
): Promise<T> => {
  const client = await db.$client.connect();
  const scoped = scopedConnectionOf(client);
  const sessionCheck = scope.sessionCheck?.outcome === 'pending' ? scope.sessionCheck : undefined;
  Object.assign(scoped, {
    pendingOpening: openingOf(scope, sessionCheck, explicit),
    opened: undefined,
    sessionCheck,
    ended: false,
    collecting: undefined,
  });
  let broken: Error | undefined;
  // An earlier transaction of the request may have found the session ended; this one's opening may have.
  const settle = async () => {
    if (!scope.sessionCheck) return;
    const answer = sessionCheck && scoped.opened ? await scoped.opened.catch(() => undefined) : undefined;
    settleSessionCheck(scope.sessionCheck, answer);
  };
  try {
    const result = await work(scoped);
    await settle();
    return result;
  } catch (error) {
    // What the work found matters less than a session that has ended.
    const thrown = await settle().then(
      () => error,
      (ended: unknown) => (ended instanceof AppError ? ended : error),
    );
    if (explicit && scoped.opened && !scoped.ended) {
      scoped.ended = true;
      await client.query('rollback').catch((rollbackFailed: Error) => {
        broken = rollbackFailed;
      });
    }
    throw thrown;
  } finally {
    // Whatever was left (nothing sent: no transaction was opened), the next user starts clean.
    Object.assign(scoped, {
      pendingOpening: undefined,
      opened: undefined,
      sessionCheck: undefined,
      ended: true,
    });
    scoped.collecting = undefined;
    client.release(broken);
  }
};

/**
 * Runs `run` in a transaction limited to `scope`: opened with its first query, in the same round trip,
 * and ended by a commit.
 */
export const withScope = async <T>(
  db: DatabaseAccess,
  scope: Scope,
  run: (tx: ScopedExecutor) => Promise<T>,
): Promise<T> =>
  inScopedTransaction(db, scope, true, async (scoped) => {
    const result = await run(scoped.executor);
    if (scoped.opened) {
      scoped.ended = true;
      await scoped.client.query('commit');
    }
    return result;
  });

/** The answers of a batch's queries, in order (undefined where the caller sent none). */
type Answers<Q extends readonly (Promise<unknown> | undefined)[]> = {
  -readonly [K in keyof Q]: Awaited<Q[K]>;
};

/**
 * Independent reads in one round trip: the opening and the queries `send` starts (each sent by calling
 * `execute()`, none awaiting another) leave as one batch, run in one transaction that ends with it (no
 * `begin`, no `commit`). `send` must start every query before it returns; one started later would come
 * after the transaction, outside the scope, so that is refused.
 */
export const readScoped = async <const Q extends readonly (Promise<unknown> | undefined)[]>(
  db: DatabaseAccess,
  scope: Scope,
  send: (tx: ScopedExecutor) => Q,
): Promise<Answers<Q>> =>
  inScopedTransaction(db, scope, false, async (scoped) => {
    const answers = collectAndSend(scoped, send);
    // The batch is the whole transaction: nothing may follow it in this scope.
    scoped.ended = true;
    return answers;
  });

/**
 * Queries of a `withScope` transaction that do not depend on each other, in one round trip: the ones
 * `send` starts (each with `execute()`, none awaiting another) leave as one batch, in order, within the
 * transaction (the opening in front, if still pending). A failure aborts the transaction as usual.
 */
export const together = async <const Q extends readonly (Promise<unknown> | undefined)[]>(
  tx: ScopedExecutor,
  send: (tx: ScopedExecutor) => Q,
): Promise<Answers<Q>> => {
  const scoped = scopedOfExecutor.get(tx);
  if (!scoped || scoped.ended) throw new Error('together() needs an open scoped transaction');
  return collectAndSend(scoped, send);
};

/** Collects the queries `send` starts, sends them as one batch, and answers each. */
const collectAndSend = async <const Q extends readonly (Promise<unknown> | undefined)[]>(
  scoped: ScopedConnection,
  send: (tx: ScopedExecutor) => Q,
): Promise<Answers<Q>> => {
  if (scoped.collecting) throw new Error('Batches do not nest');
  const collected: NonNullable<ScopedConnection['collecting']> = [];
  scoped.collecting = collected;
  let queries: Q;
  try {
    queries = send(scoped.executor);
  } finally {
    scoped.collecting = undefined;
  }
  // An entry left undefined is a query the caller did not need this time.
  const started = queries.filter((query) => query !== undefined);
  for (const query of started) query.catch(() => undefined);
  if (collected.length !== started.length) {
    // A callback that failed before sending (a bad cursor, say) reports its own error.
    const early = await Promise.race([
      Promise.all(queries).then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
      new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))),
    ]);
    if (early) throw early.error;
    throw new Error(
      `A batch's callback returned ${started.length} queries but sent ${collected.length}; start each with execute()`,
    );
  }
  if (collected.length > 0) {
    const answers = sendWithOpening(
      scoped,
      collected.map(({ statement }) => statement),
    );
    collected.forEach(({ settle }, index) => {
      const answer = answers[index];
      if (answer) settle(answer);
    });
  }
  return (await Promise.all(queries)) as Answers<Q>;
};

/**
 * A prepared statement's name for a query's key: PostgreSQL keeps 63 characters of a name, so a longer
 * key keeps its start and gets its hash, lest two keys sharing their first 63 characters collide.
 */
export const statementName = (key: string): string =>
  key.length <= 63
    ? key
    : `${key.slice(0, 30)}_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

const preparedOfSession = new WeakMap<object, Map<string, unknown>>();

/**
 * A drizzle prepared query (`.prepare(name)`, values as `sql.placeholder`s) made once per pooled
 * connection's executor and kept: drizzle then builds its SQL once instead of on every request, and
 * PostgreSQL parses it once. `key` names the query's form: one key, one SQL text.
 */
export const preparedIn = <P>(
  executor: ScopedExecutor,
  key: string,
  prepare: (executor: ScopedExecutor) => P,
): P => {
  const { session } = executor._;
  let prepared = preparedOfSession.get(session);
  if (!prepared) {
    prepared = new Map();
    preparedOfSession.set(session, prepared);
  }
  let query = prepared.get(key) as P | undefined;
  if (query === undefined) {
    query = prepare(executor);
    prepared.set(key, query);
  }
  return query;
};
