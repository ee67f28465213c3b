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
  settleSessionCheck,
} from './session-check';

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
 * One scoped executor per pooled connection: a drizzle instance on that connection whose `transaction`
 * makes savepoints (the scoped transaction is already open). Being the same object from one request to
 * the next on that connection, per-executor caches (prepared queries) keep working.
 */
const executorOfConnection = new WeakMap<pg.PoolClient, ScopedExecutor>();

const scopedExecutorOf = (connection: pg.PoolClient): ScopedExecutor => {
  const cached = executorOfConnection.get(connection);
  if (cached) return cached;
  const onConnection = drizzle(connection, { schema });
  let depth = 0;
  const executor: ScopedExecutor = Object.create(onConnection, {
    transaction: {
      value: async <T>(run: (tx: ScopedExecutor) => Promise<T>): Promise<T> => {
        depth += 1;
        const savepoint = `scoped_${depth}`;
        await connection.query(`savepoint ${savepoint}`);
        try {
          const result = await run(executor);
          await connection.query(`release savepoint ${savepoint}`);
          return result;
        } catch (error) {
          await connection.query(`rollback to savepoint ${savepoint}`);
          throw error;
        } finally {
          depth -= 1;
        }
      },
    },
  });
  executorOfConnection.set(connection, executor);
  return executor;
};

/**
 * Runs `run` in a transaction limited to `scope`. The statement that opens it also switches to the app
 * role and sets the scope with `set_config(…, true)` (one round trip: the values are escaped literals,
 * as a multi-statement query takes no parameters). Both end with the transaction, so nothing carries
 * over to the connection's next user, and it works through a transaction-mode pooler too. A scope carrying a
 * pending session check has it done first, in the same round trip, as the owner (session-check.ts).
 */
export const withScope = async <T>(
  db: DatabaseAccess,
  scope: Scope,
  run: (tx: ScopedExecutor) => Promise<T>,
): Promise<T> => {
  const connection = await db.$client.connect();
  const literal = (value: string) => connection.escapeLiteral(value);
  let broken: Error | undefined;
  const sessionCheck = scope.sessionCheck?.outcome === 'pending' ? scope.sessionCheck : undefined;
  const checkSession = sessionCheck ? sessionCheckStatement(sessionCheck, literal) : '';
  try {
    const opening = await connection.query(
      `begin; ${checkSession}select set_config('role', ${literal(appRole)}, true), ` +
        `set_config('app.organization_id', ${literal(scope.organizationId ?? '')}, true), ` +
        `set_config('app.staff', ${literal(scope.staff ? 'on' : 'off')}, true), ` +
        `set_config('app.staff_roles', ${literal(scope.staffRoles.join(','))}, true), ` +
        `set_config('app.user_id', ${literal(scope.userId ?? '')}, true), ` +
        `set_config('app.ticket_audience', ${literal(scope.ticketAudience)}, true)`,
    );
    if (scope.sessionCheck) settleSessionCheck(scope.sessionCheck, sessionCheck ? opening : undefined);
    const result = await run(scopedExecutorOf(connection));
    await connection.query('commit');
    return result;
  } catch (error) {
    // Whatever failed (opening, the work or the commit), the transaction ends here; a connection that
    // cannot even roll back is dropped rather than handed to the next request.
    await connection.query('rollback').catch((rollbackFailed: Error) => {
      broken = rollbackFailed;
    });
    throw error;
  } finally {
    connection.release(broken);
  }
};
