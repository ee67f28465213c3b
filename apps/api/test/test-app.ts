import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../src/build-server';
import { type Config, loadConfig } from '../src/config';
import { createTestDatabase, type TestDatabase } from './test-database';

export const testConfig = (overrides: Record<string, string> = {}): Config =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });

/** The same app the server runs, on a test database; routes may be added before `ready()`. */
export const buildTestApp = (
  database: TestDatabase,
  config: Config = testConfig(),
): Promise<FastifyInstance> => buildServer({ config, db: database.db });

export interface TestAppOptions {
  config?: Config;
  /** `false` leaves `ready()` to the caller, for tests that add routes to the app first. */
  ready?: boolean;
  /** Serve the portals' production builds too, as the start command does. */
  serveSpas?: boolean;
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
}

/**
 * A fresh database and the app on it for the enclosing describe block (or file): built in a
 * `beforeAll`, closed and dropped in an `afterAll`. Register it before the block's own hooks, so
 * they see the app ready and (hooks being a stack) finish before it closes.
 */
export const useTestApp = (options: TestAppOptions = {}): TestApp => {
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildServer({
      config: options.config ?? testConfig(),
      db: database.db,
      serveSpas: options.serveSpas ?? false,
    });
    if (options.ready !== false) await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  // Read only inside tests and hooks: at collection time the set-up has not run yet.
  const setUp = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) {
      throw new Error(`useTestApp: ${name} is read before its beforeAll ran (read it inside a test or hook)`);
    }
    return value;
  };
  return {
    get app() {
      return setUp(app, 'app');
    },
    get database() {
      return setUp(database, 'database');
    },
  };
};
