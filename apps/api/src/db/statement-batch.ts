import pg from 'pg';
import { unnamedStatementsOnly } from './client';

/** One statement of a batch, as node-postgres takes a query (drizzle's query configs fit). */
export interface BatchStatement {
  text: string;
  /** A prepared statement's name: parsed once per connection, then only bound and executed. */
  name?: string;
  values?: readonly unknown[];
  rowMode?: 'array';
  types?: unknown;
}

type Connection = pg.Connection & {
  parsedStatements: Record<string, string | undefined>;
  stream: { cork(): void; uncork(): void };
  parse(query: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { statement?: string; values?: readonly unknown[]; valueMapper?: unknown }): void;
  describe(message: { type: 'P'; name?: string }): void;
  execute(config: { portal?: string; rows?: number }): void;
  close(message: { type: 'S'; name: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
};

type BackendMessage = { fields: unknown[] } & Record<string, unknown>;

/** node-postgres's Result, with the methods its own Query uses to fill it (not in its types). */
interface FillableResult {
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): unknown;
  addRow(row: unknown): void;
  addCommandComplete(message: unknown): void;
}
const ResultClass = pg.Result as unknown as new (rowMode?: string, types?: unknown) => FillableResult;

/**
 * Names whose Parse went out in a batch that failed at that statement: PostgreSQL may or may not have
 * made them, so their next use closes them first (closing a missing statement is no error).
 */
const uncertainNames = new WeakMap<Connection, Set<string>>();

const { prepareValue } = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils;

// The earlier statement's failure is the cause: a database that went away is told apart from a bug (503, not 500).
const notRun = (cause: unknown) => new Error('Not run: an earlier statement of its batch failed', { cause });

/**
 * Statements sent to PostgreSQL in one write and answered after one Sync: a Parse the first time a named
 * statement is used on the connection, then Bind, Describe and Execute for each. Until the Sync they run
 * in one transaction (an implicit one, unless the batch begins a transaction block itself), so the
 * settings `set_config(…, true)` makes in one statement hold for the next ones and end with it.
 *
 * PostgreSQL skips everything after a failing statement until the Sync: that statement's promise rejects
 * with its error, the later ones with "not run". The others resolve once the batch is answered.
 *
 * A node-postgres "submittable" (as pg-cursor is): for clients not in pipeline mode.
 */
export class StatementBatch {
  /** One promise per statement, in order. */
  readonly results: Promise<pg.QueryResult>[];
  private readonly settlers: { resolve(result: pg.QueryResult): void; reject(error: unknown): void }[] = [];
  private readonly answered: pg.QueryResult[] = [];
  private current: FillableResult | undefined;
  private parsedHere: string[] = [];
  private settled = false;

  constructor(private readonly statements: readonly BatchStatement[]) {
    this.results = statements.map(
      () =>
        new Promise<pg.QueryResult>((resolve, reject) => {
          this.settlers.push({ resolve, reject });
        }),
    );
    // Each is awaited by whoever sent it; a batch that fails must not also report unhandled rejections.
    for (const result of this.results) result.catch(() => undefined);
  }

  submit(connection: Connection): Error | null {
    let values: unknown[][];
    try {
      values = this.statements.map((statement) => (statement.values ?? []).map(prepareValue));
    } catch (error) {
      // A value that cannot be sent: nothing has been written, so the exchange never started.
      return error instanceof Error ? error : new Error(String(error));
    }
    const uncertain = uncertainNames.get(connection);
    // Behind a transaction-mode pooler that keeps no statements, each is parsed where it runs.
    const unnamedOnly = (connection as unknown as Record<symbol, boolean>)[unnamedStatementsOnly] === true;
    connection.stream.cork();
    try {
      this.statements.forEach((statement, index) => {
        const name = unnamedOnly ? undefined : statement.name;
        if (name !== undefined && connection.parsedStatements[name] === undefined) {
          if (uncertain?.delete(name)) connection.close({ type: 'S', name });
          connection.parse({ text: statement.text, name, types: [] });
          connection.parsedStatements[name] = statement.text;
          this.parsedHere.push(name);
        } else if (name === undefined) {
          connection.parse({ text: statement.text, types: [] });
        }
        connection.bind({ ...(name === undefined ? {} : { statement: name }), values: values[index] ?? [] });
        connection.describe({ type: 'P' });
        connection.execute({});
      });
      connection.sync();
    } finally {
      connection.stream.uncork();
    }
    return null;
  }

  private statementAt(index: number): BatchStatement | undefined {
    return this.statements[index];
  }

  handleRowDescription(message: BackendMessage): void {
    const statement = this.statementAt(this.answered.length);
    this.current = new ResultClass(statement?.rowMode, statement?.types);
    this.current.addFields(message.fields);
  }

  handleDataRow(message: BackendMessage): void {
    const result = this.current;
    if (result) result.addRow(result.parseRow(message.fields));
  }

  handleCommandComplete(message: BackendMessage): void {
    const statement = this.statementAt(this.answered.length);
    const result = this.current ?? new ResultClass(statement?.rowMode, statement?.types);
    result.addCommandComplete(message);
    this.answered.push(result as unknown as pg.QueryResult);
    this.current = undefined;
  }

  handleEmptyQuery(): void {
    this.answered.push(new ResultClass() as unknown as pg.QueryResult);
    this.current = undefined;
  }

  handleError(error: unknown, connection?: Connection): void {
    if (this.settled) return;
    this.settled = true;
    const failed = this.answered.length;
    if (connection) {
      // Names first parsed at or after the failing statement: made, not made, or unknown.
      let uncertain = uncertainNames.get(connection);
      if (!uncertain) {
        uncertain = new Set();
        uncertainNames.set(connection, uncertain);
      }
      for (const name of this.parsedHere) {
        const index = this.statements.findIndex((statement) => statement.name === name);
        if (index >= failed) {
          delete connection.parsedStatements[name];
          if (index === failed) uncertain.add(name);
        }
      }
    }
    this.settlers.forEach((settler, index) => {
      if (index < failed) {
        const answer = this.answered[index];
        if (answer) settler.resolve(answer);
      } else settler.reject(index === failed ? error : notRun(error));
    });
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    this.settlers.forEach((settler, index) => {
      const answer = this.answered[index];
      if (answer) settler.resolve(answer);
      else settler.reject(new Error('PostgreSQL answered the batch without this statement'));
    });
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: Connection): void {
    connection.sendCopyFail('No COPY in a statement batch');
  }

  handleCopyData(): void {}
}

/** Sends `statements` as one batch on `client`; one promise per statement. */
export const sendBatch = (client: pg.ClientBase, statements: readonly BatchStatement[]) => {
  const batch = new StatementBatch(statements);
  client.query(batch as unknown as pg.QueryConfig);
  return batch.results;
};
