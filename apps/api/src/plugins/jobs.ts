import path from 'node:path';
import { Logger, type Runner, run } from 'graphile-worker';
import type { Config } from '../config';
import type { DatabaseHandle } from '../db/client';
import { sendEmailTask } from '../modules/email/outbox';
import { createSendEmailTask } from '../modules/email/send-email';
import { fileSinkTransport, type MailTransport, smtpTransport } from '../modules/email/transport';

export type MailConfig = Partial<Pick<Config, 'smtpUrl'>> & Pick<Config, 'dataDir' | 'mailFrom'>;

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
): Promise<JobWorker> => {
  const logger = new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log.warn(message);
    else if (level === 'info') log.info(message);
  });
  const runner = await run({
    pgPool: database.pool,
    concurrency: 2,
    noHandleSignals: true,
    pollInterval: 1_000,
    parsedCronItems: [],
    logger,
    taskList: { [sendEmailTask]: createSendEmailTask(database.db, transport, config.mailFrom) },
  });
  return {
    runner,
    transport,
    stop: async () => {
      await runner.stop();
      transport.close();
    },
  };
};
