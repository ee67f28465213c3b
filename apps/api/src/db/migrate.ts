import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { runMigrations } from 'graphile-worker';
import { repoRoot } from '../config';
import { createJobHeartbeatsTable } from '../plugins/job-heartbeats';
import type { DatabaseHandle } from './client';
import { appRole } from './scope';

/** From the repository's root: the same folder whether this runs as source or compiled (dist/server.js). */
export const migrationsFolder = path.join(repoRoot, 'apps', 'api', 'src', 'db', 'migrations');

/** Applies the product's committed SQL migrations and the job queue's own schema. */
export const migrateDatabase = async (handle: DatabaseHandle): Promise<void> => {
  await migrate(handle.db, { migrationsFolder });
  await runMigrations({ pgPool: handle.sessionPool });
  // Scoped transactions queue jobs (the email outbox) in the same transaction as the change, as the app
  // role; the queue's tables are graphile-worker's own (with row-level security of their own), so the
  // role gets this one function, run as the owner, and nothing else of the queue. After the queue's
  // migrations, which make the schema it calls; idempotent.
  // Under a lock: processes starting together would otherwise race to replace the function.
  await handle.sessionPool.query(`
    do $$ begin
      perform pg_advisory_xact_lock(hashtext('portals:app_add_job'));
      create or replace function app_add_job(identifier text, payload json, max_attempts integer, job_key text)
        returns void language sql security definer set search_path = pg_catalog as $f$
          select graphile_worker.add_job(identifier, payload, max_attempts => max_attempts, job_key => job_key)
        $f$;
      revoke all on function app_add_job(text, json, integer, text) from public;
      grant execute on function app_add_job(text, json, integer, text) to ${appRole};
    end $$`);
  await createJobHeartbeatsTable(handle.sessionPool);
};
