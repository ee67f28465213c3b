import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../src/build-server';
import { type Config, loadConfig } from '../src/config';
import { readAfterSetUp, type SetUpState } from './read-after-set-up';
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
  const state: SetUpState<TestApp> = {};

  beforeAll(async () => {
    state.database = await createTestDatabase();
    state.app = await buildServer({
      config: options.config ?? testConfig(),
      db: state.database.db,
      serveSpas: options.serveSpas ?? false,
    });
    if (options.ready !== false) await state.app.ready();
  });

  afterAll(async () => {
    await state.app?.close();
    await state.database?.drop();
  });

  return readAfterSetUp('useTestApp', state, ['app', 'database']);
};
