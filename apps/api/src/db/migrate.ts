import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { runMigrations } from 'graphile-worker';
import { createJobHeartbeatsTable } from '../plugins/job-heartbeats';
import type { DatabaseHandle } from './client';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the product's committed SQL migrations and the job queue's own schema. */
export const migrateDatabase = async (handle: DatabaseHandle): Promise<void> => {
  await migrate(handle.db, { migrationsFolder });
  await runMigrations({ pgPool: handle.pool });
  await createJobHeartbeatsTable(handle.pool);
};
