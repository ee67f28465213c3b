import { sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { sendEmailTask } from '../src/modules/email/outbox';
import { notifyTicketEventTask } from '../src/modules/ticket-emails/service';
import { type JobWorker, type MailConfig, startJobWorker } from '../src/plugins/jobs';
import { freePort } from './free-port';
import { SmtpTestServer } from './smtp-test-server';
import type { TestDatabase } from './test-database';

const quietLog = { info: () => undefined, warn: () => undefined };

export interface MailDelivery {
  /** The SMTP server the worker delivers to: what each recipient received. */
  readonly smtp: SmtpTestServer;
  /** Ticket notification and email jobs still queued: 0 once every email has gone out. */
  emailJobsLeft(): Promise<number>;
}

/**
 * Emails delivered for real in the enclosing describe block: a real SMTP server and the job worker
 * sending to it, started in a `beforeAll` (after the app's, when registered after useTestApp) and stopped
 * in an `afterAll`. `config` is read when the block starts (it may be made in an earlier hook); its
 * `dataDir` is where attachments are read from.
 */
export const useMailDelivery = (database: () => TestDatabase, config: () => MailConfig): MailDelivery => {
  let smtp: SmtpTestServer | undefined;
  let worker: JobWorker | undefined;
  beforeAll(async () => {
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
    worker = await startJobWorker(database(), { ...config(), smtpUrl: smtp.url }, undefined, quietLog);
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp?.stop();
  });
  return {
    get smtp() {
      if (!smtp) throw new Error('useMailDelivery: the SMTP server starts in beforeAll; read it in a test');
      return smtp;
    },
    emailJobsLeft: () => emailJobsLeft(database()),
  };
};

/**
 * Ticket notification and email jobs still queued in the database: 0 once every email has gone out (the
 * worker's cron jobs, such as the SLA checks every minute, are not counted).
 */
export const emailJobsLeft = async (database: TestDatabase): Promise<number> =>
  (
    await database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from graphile_worker._private_jobs jobs
          join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
          where tasks.identifier in (${notifyTicketEventTask}, ${sendEmailTask})`,
    )
  ).rows[0]?.count ?? 0;
