import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/build-server';
import { type Config, loadConfig } from '../src/config';
import type { TestDatabase } from './test-database';

export const testConfig = (overrides: Record<string, string> = {}): Config =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });

/** The same app the server runs, on a test database; routes may be added before `ready()`. */
export const buildTestApp = (
  database: TestDatabase,
  config: Config = testConfig(),
): Promise<FastifyInstance> => buildServer({ config, db: database.db });
