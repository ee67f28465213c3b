import path from 'node:path';
import { Logger, parseCronItems, type Runner, type RunnerOptions, run, type Task } from 'graphile-worker';
import type { Config } from '../config';
import type { DatabaseHandle } from '../db/client';
import { purgeStaleRateLimits } from '../lib/rate-limit';
import { createPasswordResetTask, passwordResetTask } from '../modules/auth/links-service';
import { sendEmailTask } from '../modules/email/outbox';
import { createSendEmailTask } from '../modules/email/send-email';
import { fileSinkTransport, type MailTransport, smtpTransport } from '../modules/email/transport';
import { purgeExpiredIdempotencyKeys, purgeIdempotencyKeysTask } from '../modules/idempotency-keys/service';
import { invoiceRemindersTask, runInvoiceReminders } from '../modules/invoices/reminders';
import { runSlaChecks, slaChecksTask } from '../modules/sla/service';
import { renewalChecksTask, runRenewalChecks } from '../modules/subscriptions/renewals';
import { createNotifyTicketEventTask, notifyTicketEventTask } from '../modules/ticket-emails/service';
import { autoCloseSolvedTickets, autoCloseTask } from '../modules/ticket-workflow/service';
import {
  createWebhookDeliverTask,
  createWebhookFanOutTask,
  webhookDeliverTask,
  webhookFanOutTask,
} from '../modules/webhooks/delivery';
import { createJobHeartbeats, defaultJobHeartbeatOptions, type JobHeartbeatOptions } from './job-heartbeats';

/** The public address writes links in emails made by jobs (password resets, ticket emails). */
export type MailConfig = Partial<Pick<Config, 'smtpUrl' | 'publicUrl' | 'inboundEmail'>> &
  Pick<Config, 'dataDir' | 'mailFrom'> &
  /** Webhook deliveries: the keys their secrets are sealed under and where they may go. */
  Pick<Config, 'totpEncryptionKeys' | 'webhooks'>;

export const mailTransportFor = (config: MailConfig): MailTransport =>
  config.smtpUrl ? smtpTransport(config.smtpUrl) : fileSinkTransport(path.join(config.dataDir, 'mail'));

export interface JobLog {
  info(message: string): void;
  warn(message: string): void;
}

const defaultJobLog: JobLog = {
  info: (message) => console.log(`[jobs] ${message}`),
  warn: (message) => console.warn(`[jobs] ${message}`),
};

const purgeRateLimitsTask = 'purge_rate_limits';

/**
 * Renewal checks daily at 06:00 UTC, overdue invoice reminders at 07:00; a run missed while no worker was up is caught up within a day.
 * The checks are idempotent, so a run repeated by several processes sends nothing twice.
 * Stale rate-limit windows are purged nightly. Solved tickets past the reopen window close hourly, a
 * batch at a time (a backlog drains over the following runs). Idempotency keys older than a day are
 * removed hourly, in batches. SLA targets are checked every minute (warnings and breaches, each once).
 */
const cronItems = parseCronItems([
  {
    task: renewalChecksTask,
    match: '0 6 * * *',
    identifier: renewalChecksTask,
    options: { backfillPeriod: 86_400_000, maxAttempts: 5 },
  },
  {
    task: invoiceRemindersTask,
    match: '0 7 * * *',
    identifier: invoiceRemindersTask,
    options: { backfillPeriod: 86_400_000, maxAttempts: 5 },
  },
  {
    task: purgeRateLimitsTask,
    match: '30 3 * * *',
    identifier: purgeRateLimitsTask,
    options: { maxAttempts: 3 },
  },
  {
    task: autoCloseTask,
    match: '20 * * * *',
    identifier: autoCloseTask,
    options: { backfillPeriod: 3_600_000, maxAttempts: 3 },
  },
  {
    task: slaChecksTask,
    match: '* * * * *',
    identifier: slaChecksTask,
    options: { maxAttempts: 3 },
  },
  {
    task: purgeIdempotencyKeysTask,
    match: '40 * * * *',
    identifier: purgeIdempotencyKeysTask,
    options: { maxAttempts: 3 },
  },
]);

const createRenewalChecksTask =
  (database: DatabaseHandle): Task =>
  async (_payload, helpers) => {
    const result = await runRenewalChecks(database.db, new Date());
    helpers.logger.info(`Renewal checks: ${result.expired} expired, ${result.noticesSent} notices sent`);
  };

export interface JobWorker {
  runner: Runner;
  transport: MailTransport;
  stop(): Promise<void>;
}

/** The background worker: takes jobs from the Postgres queue (LISTEN/NOTIFY, no polling delay). */
export const startJobWorker = async (
  database: DatabaseHandle,
  config: MailConfig,
  transport: MailTransport = mailTransportFor(config),
  log: JobLog = defaultJobLog,
  heartbeatOptions: JobHeartbeatOptions = defaultJobHeartbeatOptions,
): Promise<JobWorker> => {
  const logger = new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log.warn(message);
    else if (level === 'info') log.info(message);
  });
  // A job whose process dies is unlocked by the other processes' sweep within a minute.
  const heartbeats = createJobHeartbeats(database.pool, log, heartbeatOptions);
  const webhookDeps = {
    db: database.db,
    config: {
      totpEncryptionKeys: config.totpEncryptionKeys,
      webhooks: config.webhooks,
      publicUrl: config.publicUrl,
    },
  };
  let poolId: string | undefined;
  heartbeats.events.on('pool:create', ({ workerPool }) => {
    poolId = workerPool.id;
  });
  const options: RunnerOptions = {
    // Completions and failures go through graphile-worker's batches (no wait, 0 ms), whose failure ends
    // the worker pool (restarted below) instead of an unhandled rejection that ends the process, as the
    // unbatched path does when the database goes away while a job finishes (docs/reliability.md).
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    // The queue LISTENs for new jobs: a session of its own, not a pooler's transaction.
    pgPool: database.sessionPool,
    events: heartbeats.events,
    concurrency: 2,
    noHandleSignals: true,
    pollInterval: 1_000,
    parsedCronItems: cronItems,
    logger,
    taskList: {
      [webhookFanOutTask]: createWebhookFanOutTask(webhookDeps),
      [webhookDeliverTask]: createWebhookDeliverTask(webhookDeps),
      [sendEmailTask]: createSendEmailTask(database.db, transport, config.mailFrom),
      [renewalChecksTask]: createRenewalChecksTask(database),
      [passwordResetTask]: createPasswordResetTask(database.db, config),
      [invoiceRemindersTask]: async (_payload, helpers) => {
        const { publicUrl } = config;
        if (!publicUrl) throw new Error('The job worker needs the public URL to write invoice links');
        const result = await runInvoiceReminders(database.db, { publicUrl }, new Date());
        helpers.logger.info(`Invoice reminders: ${result.sent} sent`);
      },
      [autoCloseTask]: async (_payload, helpers) => {
        helpers.logger.info(`Closed ${await autoCloseSolvedTickets(database.db)} solved tickets`);
      },
      [notifyTicketEventTask]: createNotifyTicketEventTask(database.db, config),
      [slaChecksTask]: async (_payload, helpers) => {
        const { publicUrl } = config;
        if (!publicUrl) throw new Error('The job worker needs the public URL to write ticket links');
        const result = await runSlaChecks(database.db, { publicUrl }, new Date());
        helpers.logger.info(`SLA checks: ${result.warned} warned, ${result.breached} breaches recorded`);
      },
      [purgeIdempotencyKeysTask]: async (_payload, helpers) => {
        helpers.logger.info(
          `Removed ${await purgeExpiredIdempotencyKeys(database.db)} expired idempotency keys`,
        );
      },
      [purgeRateLimitsTask]: async (_payload, helpers) => {
        helpers.logger.info(`Purged ${await purgeStaleRateLimits(database.db)} stale rate-limit windows`);
      },
    },
  };
  let runner = await run(options);
  let stopping = false;

  /**
   * The jobs a pool that ended still holds run again at once, instead of after the heartbeats' sweep. None
   * of them is running here any more: a pool ends only through graphile-worker's graceful shutdown, which
   * waits for the pool's running tasks (`job-worker-outage.test.ts`). Should this fail, the sweep frees them.
   */
  const releaseJobsOf = async (endedPoolId: string): Promise<void> => {
    try {
      await database.sessionPool.query('select graphile_worker.force_unlock_workers($1::text[])', [
        [endedPoolId],
      ]);
      log.info('Released the jobs the stopped job worker still held');
    } catch (error) {
      log.warn(
        `Could not release the jobs of the stopped job worker (the heartbeats' sweep will): ${(error as Error).message}`,
      );
    }
  };

  /**
   * A worker pool that ends on its own (the database went away while it completed or failed a job) is
   * replaced by a new one as soon as the database lets it start. The old pool's id is no longer beaten
   * for; once the replacement runs, the jobs the old pool still holds are released (`releaseJobsOf`), and
   * should that fail, the heartbeats' sweep unlocks them (decision 008).
   */
  const replaceWhenItEnds = (current: Runner): void => {
    const currentPoolId = poolId;
    const ended = (reason: string) => {
      if (stopping || runner !== current) return;
      if (currentPoolId) heartbeats.forget(currentPoolId);
      log.warn(`The job worker stopped (${reason}); starting a new one`);
      void (async () => {
        for (let attempt = 0; !stopping; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 2_000)));
          if (stopping) return;
          try {
            const replacement = await run(options);
            if (stopping) {
              await replacement.stop();
              return;
            }
            runner = replacement;
            replaceWhenItEnds(replacement);
            log.info('The job worker is running again');
            if (currentPoolId) await releaseJobsOf(currentPoolId);
            return;
          } catch (error) {
            log.warn(`The job worker could not start yet: ${(error as Error).message}`);
          }
        }
      })();
    };
    current.promise.then(
      () => ended('its pool ended'),
      (error: unknown) => ended((error as Error).message),
    );
  };
  replaceWhenItEnds(runner);
  heartbeats.start();
  return {
    get runner() {
      return runner;
    },
    transport,
    stop: async () => {
      stopping = true;
      // A pool that ended on its own (not yet replaced) has nothing left to stop.
      await runner
        .stop()
        .catch((error: unknown) => log.warn(`Stopping the job worker: ${(error as Error).message}`));
      await heartbeats.stop();
      transport.close();
    },
  };
};
