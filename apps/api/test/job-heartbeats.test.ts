import os from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../src/db/client';
import { emailOutbox } from '../src/db/schema/index';
import { privileged } from '../src/db/scope';
import { queueEmail } from '../src/modules/email/outbox';
import { type JobWorker, startJobWorker } from '../src/plugins/jobs';
import { freePort } from './free-port';
import { HangingSmtpServer } from './hanging-smtp-server';
import { emailJobsLeft } from './mail-delivery';
import { SmtpTestServer } from './smtp-test-server';
import { testConfig, useTestDatabase } from './test-app';
import { waitUntil } from './wait-until';

const quietLog = { info: () => undefined, warn: () => undefined };
const mailFrom = 'Portals <no-reply@portals.example>';
// Short enough that the other process sweeps many times while the first one is still sending.
const fastHeartbeats = { beatIntervalMs: 200, staleAfterMs: 1_000 };

describe('job worker heartbeats', () => {
  const context = useTestDatabase();
  let otherProcessPool: DatabaseHandle;
  let hanging: HangingSmtpServer;
  let smtp: SmtpTestServer;
  const workers: JobWorker[] = [];

  beforeAll(async () => {
    otherProcessPool = connectDatabase(context.database.url, { max: 3 });
    hanging = new HangingSmtpServer(await freePort());
    await hanging.start();
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await hanging.stop();
    await smtp.stop();
    await otherProcessPool.close();
  });

  it('leave a live worker its job, however long it takes, and hand it over once that worker stops', async () => {
    const slow = await startJobWorker(
      context.database,
      { ...testConfig(), smtpUrl: hanging.url, dataDir: os.tmpdir(), mailFrom },
      undefined,
      quietLog,
      fastHeartbeats,
    );
    workers.push(slow);
    const id = await privileged(context.database.db).transaction((tx) =>
      queueEmail(tx, { kind: 'test', to: ['olga@acme.example'], subject: 'Slow but alive', text: 'Hi' }),
    );
    await waitUntil('the slow worker is sending', () => hanging.connections > 0);

    // Another process, sweeping for dead workers, while the slow one waits on its mail server.
    const other = await startJobWorker(
      otherProcessPool,
      { ...testConfig(), smtpUrl: smtp.url, dataDir: os.tmpdir(), mailFrom },
      undefined,
      quietLog,
      fastHeartbeats,
    );
    workers.push(other);
    const attempts = async () =>
      (await context.database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]?.attempts ?? 0;
    await waitUntil('the slow worker’s attempt ends', async () => (await attempts()) >= 1, 25_000);
    expect(smtp.received).toHaveLength(0);
    const heartbeats = await context.database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from graphile_worker.job_worker_heartbeats`,
    );
    // Both processes beat.
    expect(heartbeats.rows[0]?.count).toBe(2);

    await slow.stop();
    workers.splice(workers.indexOf(slow), 1);
    await waitUntil('the other process delivers it', () => smtp.received.length > 0, 25_000);
    // The email's job (the cron's own jobs, such as the SLA checks every minute, come and go meanwhile).
    await waitUntil('the job is done', async () => (await emailJobsLeft(context.database)) === 0);
    expect(smtp.received.filter((mail) => mail.raw.includes('Slow but alive'))).toHaveLength(1);
  }, 60_000);
});
