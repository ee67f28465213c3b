import { EventEmitter } from 'node:events';
import type { WorkerEvents } from 'graphile-worker';
import type pg from 'pg';

/**
 * Liveness of job workers, so that a job whose process died is run again within a minute
 * instead of staying locked for graphile-worker's four hours (docs/decisions/008-job-worker-heartbeats.md).
 * Each process writes a heartbeat for each of its workers; every live process also sweeps:
 * it unlocks the jobs of workers whose heartbeat has gone stale.
 */

/**
 * Lives beside the jobs it describes, in graphile-worker's schema; created idempotently so
 * that it needs no drizzle migration.
 */
export const createJobHeartbeatsTable = async (pool: pg.Pool): Promise<void> => {
  // Under a lock: two processes starting at once would otherwise race to create it.
  await pool.query(`
    do $$ begin
      perform pg_advisory_xact_lock(hashtext('portals:job_worker_heartbeats'));
      create table if not exists graphile_worker.job_worker_heartbeats (
        worker_id text primary key,
        beat_at timestamptz not null default now()
      );
    end $$`);
};

export interface JobHeartbeatOptions {
  /** How often each process writes its workers' heartbeats and sweeps. */
  beatIntervalMs: number;
  /** A worker whose heartbeat is older than this is taken as dead and its jobs unlocked. */
  staleAfterMs: number;
}

/** A dead worker's jobs run again 30–40 s after its last heartbeat, given a process that has been up 30 s. */
export const defaultJobHeartbeatOptions: JobHeartbeatOptions = {
  beatIntervalMs: 10_000,
  staleAfterMs: 30_000,
};

export interface JobHeartbeatLog {
  warn(message: string): void;
}

export interface JobHeartbeats {
  /** Pass to graphile-worker's `run`: the heartbeats learn the ids that lock its jobs from it. */
  events: WorkerEvents;
  start(): void;
  /**
   * Stops beating for a worker pool that ended without stopping cleanly: its heartbeat goes stale, and the
   * sweep unlocks the jobs it still holds.
   */
  forget(workerId: string): void;
  /** After the runner has stopped: stops beating and forgets this process's workers. */
  stop(): Promise<void>;
}

// Dead workers: a stale heartbeat, or locked jobs with no heartbeat at all that have been locked
// too long (a worker killed before its first beat, or a process without heartbeats).
const sweepSql = `
  with stale as (
    select worker_id from graphile_worker.job_worker_heartbeats
    where beat_at < now() - make_interval(secs => $1)
    union
    select distinct jobs.locked_by from graphile_worker.jobs
    where jobs.locked_by is not null
      and jobs.locked_at < now() - make_interval(secs => $1)
      and not exists (
        select 1 from graphile_worker.job_worker_heartbeats as heartbeats
        where heartbeats.worker_id = jobs.locked_by
      )
  ),
  forgotten as (
    delete from graphile_worker.job_worker_heartbeats
    where worker_id in (select worker_id from stale)
  )
  select array(select worker_id from stale) as worker_ids,
    graphile_worker.force_unlock_workers(array(select worker_id from stale))`;

export const createJobHeartbeats = (
  pool: pg.Pool,
  log: JobHeartbeatLog,
  options: JobHeartbeatOptions = defaultJobHeartbeatOptions,
): JobHeartbeats => {
  const events = new EventEmitter() as WorkerEvents;
  // graphile-worker 0.17 locks jobs (`locked_by`) with the id of the worker pool that runs them,
  // not of its individual workers: that is the id whose liveness counts.
  const workerIds = new Set<string>();
  events.on('pool:create', ({ workerPool }) => workerIds.add(workerPool.id));

  // Sweeping only after beating without a break for `staleAfterMs`: after a database outage,
  // every live process has had time to beat again before anyone's heartbeat is judged stale.
  let beatingSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let stopped = false;

  const beatAndSweep = async (): Promise<void> => {
    try {
      if (workerIds.size > 0) {
        await pool.query(
          `insert into graphile_worker.job_worker_heartbeats (worker_id, beat_at)
           select unnest($1::text[]), now()
           on conflict (worker_id) do update set beat_at = excluded.beat_at`,
          [[...workerIds]],
        );
      }
      beatingSince ??= Date.now();
      if (Date.now() - beatingSince < options.staleAfterMs) return;
      const { rows } = await pool.query<{ worker_ids: string[] }>(sweepSql, [options.staleAfterMs / 1000]);
      const unlocked = rows[0]?.worker_ids ?? [];
      if (unlocked.length > 0) {
        log.warn(
          `Unlocked the jobs of ${unlocked.length} job worker(s) that stopped: ${unlocked.join(', ')}`,
        );
      }
    } catch (error) {
      beatingSince = undefined;
      log.warn(`Job worker heartbeat failed: ${(error as Error).message}`);
    }
  };

  // Beats now, then every interval after the previous beat has finished, until stopped.
  const beatThenSchedule = () => {
    current = beatAndSweep().finally(() => {
      if (stopped) return;
      timer = setTimeout(beatThenSchedule, options.beatIntervalMs);
      timer.unref();
    });
  };

  return {
    events,
    start: beatThenSchedule,
    forget: (workerId) => {
      workerIds.delete(workerId);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
      await pool
        .query('delete from graphile_worker.job_worker_heartbeats where worker_id = any($1::text[])', [
          [...workerIds],
        ])
        .catch(() => undefined);
    },
  };
};
