import os from 'node:os';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../src/db/client';
import { emailOutbox } from '../src/db/schema/index';
import { privileged } from '../src/db/scope';
import { queueEmail } from '../src/modules/email/outbox';
import { type JobWorker, startJobWorker } from '../src/plugins/jobs';
import { freePort } from './free-port';
import { HangingSmtpServer } from './hanging-smtp-server';
import { emailJobsLeft } from './mail-delivery';
import { type OwnPostgres, startOwnPostgres } from './own-postgres';
import { SmtpTestServer } from './smtp-test-server';
import { TcpProxy } from './tcp-proxy';
import { testConfig } from './test-app';
import { waitUntil } from './wait-until';

const mailFrom = 'Portals <no-reply@portals.example>';
/** The heartbeats' sweep never judges a worker dead within these tests: what frees a job here is the worker itself. */
const noSweep = { beatIntervalMs: 200, staleAfterMs: 600_000 };

/**
 * A job in flight when PostgreSQL goes away: the worker pool that held it ends, and the job worker that
 * replaces it runs that job again as soon as the database is back and the task has ended, not after the
 * heartbeats' sweep (decision 008) and never twice at once.
 */
describe('a job in flight while PostgreSQL restarts', () => {
  let database: OwnPostgres;
  let worker: JobWorker | undefined;
  let hanging: HangingSmtpServer | undefined;
  let smtp: SmtpTestServer | undefined;
  let said: string[];

  beforeAll(async () => {
    database = await startOwnPostgres('portals-job-outage-');
  }, 60_000);
  afterEach(async () => {
    await worker?.stop();
    await hanging?.stop();
    await smtp?.stop();
    worker = undefined;
    hanging = undefined;
    smtp = undefined;
  });
  afterAll(async () => {
    await database?.drop();
  });

  const startWorker = async (mailServerUrl: string, through: DatabaseHandle = database) => {
    said = [];
    const log = {
      info: (message: string) => said.push(message),
      warn: (message: string) => said.push(message),
    };
    worker = await startJobWorker(
      through,
      { ...testConfig(), smtpUrl: mailServerUrl, dataDir: os.tmpdir(), mailFrom },
      undefined,
      log,
      noSweep,
    );
  };
  const queue = (subject: string) =>
    privileged(database.db).transaction((tx) =>
      queueEmail(tx, { kind: 'test', to: ['olga@acme.example'], subject, text: 'Hi' }),
    );
  const poolEnded = () =>
    waitUntil('its worker pool ends', () => said.some((line) => line.includes('starting a new one')), 20_000);
  const jobsDone = () =>
    waitUntil('the email jobs are done', async () => (await emailJobsLeft(database)) === 0, 30_000);
  const status = async (outboxId: string) =>
    (await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId)))[0]?.status;
  const receivedWith = (subject: string) =>
    (smtp?.received ?? []).filter((mail) => mail.raw.includes(subject)).length;

  it('runs the job again once the database is back, without waiting for the heartbeats’ sweep', async () => {
    const port = await freePort();
    hanging = new HangingSmtpServer(port);
    await hanging.start();
    await startWorker(hanging.url);
    const outboxId = await queue('Through the outage');
    await waitUntil('the worker is sending', () => hanging?.connections === 1);
    await database.stop();
    // The attempt fails while the database is down (its mail server went away): nothing can record that,
    // the pool that held the job ends, and the job stays locked by it.
    await hanging.stop();
    await poolEnded();
    smtp = new SmtpTestServer(port);
    await smtp.start();
    await database.start();

    await waitUntil('the email arrives', () => receivedWith('Through the outage') > 0, 30_000);
    await jobsDone();
    expect(await status(outboxId)).toBe('sent');
    expect(receivedWith('Through the outage')).toBe(1);
    expect(said).toContain('Released the jobs the stopped job worker still held');
  }, 60_000);

  it('replaces the pool when two attempts fail, each unrecorded, while the database goes away', async () => {
    // graphile-worker 0.17.3 counted a second failed batch of its bookkeeping twice: the pool then waited
    // forever to release its batches, never ended, and kept its jobs (patches/, decision 046).
    const proxy = new TcpProxy(database.port);
    const proxiedUrl = new URL(database.url);
    proxiedUrl.port = String(await proxy.start());
    const proxied = connectDatabase(proxiedUrl.toString(), { onError: () => undefined });
    try {
      const port = await freePort();
      hanging = new HangingSmtpServer(port);
      await hanging.start();
      await startWorker(hanging.url, proxied);
      const firstId = await queue('Both workers, first');
      const secondId = await queue('Both workers, second');
      await waitUntil('both are being sent', () => hanging?.connections === 2);
      // The database goes away slowly: the two attempts fail 50 ms apart, and each failure's record is
      // refused 300 ms later, in batches of their own, both before the pool has finished stopping.
      proxy.cut(300);
      hanging.dropOldest();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await hanging.stop();
      await waitUntil(
        'both attempts have failed unrecorded',
        () => said.filter((line) => line.startsWith("Failed to fail jobs '")).length === 2,
      );
      await poolEnded();
      smtp = new SmtpTestServer(port);
      await smtp.start();
      proxy.restore();

      await jobsDone();
      expect(said).toContain('Released the jobs the stopped job worker still held');
      expect(await status(firstId)).toBe('sent');
      expect(await status(secondId)).toBe('sent');
      expect(receivedWith('Both workers, first')).toBe(1);
      expect(receivedWith('Both workers, second')).toBe(1);
    } finally {
      await worker?.stop();
      worker = undefined;
      await proxied.close();
      await proxy.stop();
    }
  }, 60_000);

  it('does not run a job again while its attempt is still running: the pool ends only once its tasks have', async () => {
    smtp = new SmtpTestServer(await freePort());
    let databaseDown = false;
    let answerSecond = () => undefined as unknown;
    const second = new Promise<void>((resolve) => {
      answerSecond = resolve;
    });
    smtp.hold = async (raw) => {
      if (raw.includes('Subject: Second')) return second;
      // The first is answered once the database is down: recording it fails, and its pool shuts down.
      await waitUntil('the database is down', () => databaseDown, 20_000);
    };
    await smtp.start();
    await startWorker(smtp.url);
    // Both of the pool's workers busy, each waiting for the mail server's answer.
    const firstId = await queue('First');
    const secondId = await queue('Second');
    await waitUntil('both are being sent', () => smtp?.messagesBegun === 2);
    await database.stop();
    databaseDown = true;
    await waitUntil('the first attempt has failed', () =>
      said.some((line) => line.startsWith("Failed to fail jobs '")),
    );
    await database.start();
    // Long enough for a new worker to poll for jobs (every second), had the pool ended and its jobs been released.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(smtp.messagesBegun).toBe(2);
    expect(said.some((line) => line.includes('starting a new one'))).toBe(false);

    // The second attempt ends: the pool ends, and the first job runs again in the new one.
    answerSecond();
    await poolEnded();
    await jobsDone();
    expect(said).toContain('Released the jobs the stopped job worker still held');
    expect(await status(secondId)).toBe('sent');
    expect(receivedWith('Subject: Second')).toBe(1);
    // The first was delivered while nothing could record it: it is sent again, with the same Message-ID.
    expect(await status(firstId)).toBe('sent');
    expect(receivedWith('Subject: First')).toBe(2);
  }, 60_000);
});
