import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction or the database: repository functions take either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseHandle {
  /** Queries and transactions: may go through a transaction-mode pooler. */
  pool: pg.Pool;
  db: Database;
  /**
   * Direct connections, for what needs a session of its own rather than a transaction: LISTEN (the job
   * queue, live events) and migrations. The query pool itself unless a direct URL is given.
   */
  sessionPool: pg.Pool;
  close(): Promise<void>;
}

export interface ConnectOptions {
  max?: number;
  onError?: (error: Error) => void;
  /** A direct connection's URL when `url` is a transaction-mode pooler (see DatabaseHandle.sessionPool). */
  directUrl?: string;
  /**
   * `false` sends every statement unnamed (parsed and planned each time), for a transaction-mode pooler
   * that does not carry prepared statements from one transaction's server connection to the next
   * (pgbouncer before 1.21, or with max_prepared_statements at 0).
   */
  preparedStatements?: boolean;
}

/** Marks a connection whose statements must go unnamed (read by StatementBatch too). */
export const unnamedStatementsOnly = Symbol('unnamedStatementsOnly');

type Submittable = { submit: unknown };
type QueryConfig = { text: string; name?: string };

/** Drops the name of every query config this client sends: no statement outlives its transaction. */
const sendUnnamed = (client: pg.PoolClient): void => {
  const connection = (client as unknown as { connection: Record<symbol, boolean> }).connection;
  connection[unnamedStatementsOnly] = true;
  const query = client.query.bind(client) as (...parameters: unknown[]) => unknown;
  (client as unknown as { query: (...parameters: unknown[]) => unknown }).query = (config, ...rest) => {
    const named =
      typeof config === 'object' &&
      config !== null &&
      typeof (config as Submittable).submit !== 'function' &&
      (config as QueryConfig).name !== undefined;
    if (!named) return query(config, ...rest);
    const { name: _name, ...unnamed } = config as QueryConfig;
    return query(unnamed, ...rest);
  };
};

const createPool = (url: string, max: number, options: ConnectOptions): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    // An unreachable database fails a request (503) in seconds instead of leaving it hanging.
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (error) => options.onError?.(error));
  pool.on('connect', (client) => client.on('error', (error) => options.onError?.(error)));
  return pool;
};

export const connectDatabase = (url: string, options: ConnectOptions = {}): DatabaseHandle => {
  const pool = createPool(url, options.max ?? 10, options);
  if (options.preparedStatements === false) pool.on('connect', sendUnnamed);
  // Few: LISTEN holds one each, migrations and the queue's bookkeeping take one at a time.
  const sessionPool = options.directUrl ? createPool(options.directUrl, 4, options) : pool;
  const db = drizzle(pool, { schema });
  return {
    pool,
    db,
    sessionPool,
    close: async () => {
      await pool.end();
      if (sessionPool !== pool) await sessionPool.end();
    },
  };
};
