import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, organizations } from '../src/db/schema/index';
import { privileged } from '../src/db/scope';
import { queueEmail, sendEmailTask } from '../src/modules/email/outbox';
import { type JobWorker, startJobWorker } from '../src/plugins/jobs';
import { freePort } from './free-port';
import { HangingSmtpServer } from './hanging-smtp-server';
import { SmtpTestServer } from './smtp-test-server';
import { testConfig, useTestDatabase } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';
import { waitUntil } from './wait-until';

const quietLog = { info: () => undefined, warn: () => undefined };
const mailFrom = 'Portals <no-reply@portals.example>';

const outboxRow = async (database: TestDatabase, id: string) => {
  const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  if (!row) throw new Error(`outbox row ${id} is gone`);
  return row;
};

describe('email outbox', () => {
  const context = useTestDatabase();
  let smtp: SmtpTestServer;
  let worker: JobWorker;

  beforeAll(async () => {
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
    worker = await startJobWorker(
      context.database,
      { ...testConfig(), smtpUrl: smtp.url, dataDir: os.tmpdir(), mailFrom },
      undefined,
      quietLog,
    );
  });
  afterAll(async () => {
    await worker.stop();
    await smtp.stop();
  });

  it('delivers a queued message over SMTP', async () => {
    const id = await privileged(context.database.db).transaction((tx) =>
      queueEmail(tx, { kind: 'test', to: ['tara@acme.example'], subject: 'Hello Tara', text: 'Body text' }),
    );
    await waitUntil('the message arrives', () =>
      smtp.received.some((mail) => mail.raw.includes('Hello Tara')),
    );
    const mail = smtp.received.find((received) => received.raw.includes('Hello Tara'));
    expect(mail?.to).toEqual(['tara@acme.example']);
    await waitUntil(
      'the row is marked sent',
      async () => (await outboxRow(context.database, id)).status === 'sent',
    );
  });

  it('writes nothing when the transaction that causes the message rolls back', async () => {
    const subject = `Rolled back ${Date.now()}`;
    const countJobs = async () =>
      // Email jobs only: the worker's cron adds jobs of its own (the SLA checks every minute).
      (
        await context.database.db.execute(
          sql`select count(*)::int as count from graphile_worker.jobs where task_identifier = ${sendEmailTask}`,
        )
      ).rows[0];
    const jobsBefore = await countJobs();
    await expect(
      privileged(context.database.db).transaction(async (tx) => {
        await tx.insert(organizations).values({ name: 'Doomed Ltd', kind: 'customer' });
        await queueEmail(tx, { kind: 'test', to: ['someone@doomed.example'], subject, text: 'never' });
        throw new Error('the change fails after queueing its email');
      }),
    ).rejects.toThrow('the change fails');
    const rows = await context.database.db.select().from(emailOutbox).where(eq(emailOutbox.subject, subject));
    expect(rows).toHaveLength(0);
    expect(await countJobs()).toEqual(jobsBefore);
  });

  it('loses no message while SMTP is down and delivers it when SMTP returns', async () => {
    await smtp.stop();
    const id = await privileged(context.database.db).transaction((tx) =>
      queueEmail(tx, {
        kind: 'test',
        to: ['main@acme.example'],
        subject: 'Sent during the outage',
        text: 'Still here',
      }),
    );
    await waitUntil(
      'a delivery attempt fails',
      async () => (await outboxRow(context.database, id)).attempts >= 1,
    );
    const failed = await outboxRow(context.database, id);
    expect(failed.status).toBe('pending');
    expect(failed.lastError).toBeTruthy();

    await smtp.start();
    // graphile-worker retries after exp(1) ≈ 2.7 s, then exp(2) ≈ 7.4 s.
    await waitUntil(
      'the message arrives after the outage',
      () => smtp.received.some((mail) => mail.raw.includes('Sent during the outage')),
      30_000,
    );
    await waitUntil(
      'the row is marked sent',
      async () => (await outboxRow(context.database, id)).status === 'sent',
    );
    expect(smtp.received.filter((mail) => mail.raw.includes('Sent during the outage'))).toHaveLength(1);
  }, 45_000);

  it('keeps each message as a .eml file when no SMTP server is configured', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-mail-'));
    const sinkDatabase = await createTestDatabase();
    const sinkWorker = await startJobWorker(
      sinkDatabase,
      { ...testConfig(), dataDir, mailFrom },
      undefined,
      quietLog,
    );
    try {
      await privileged(sinkDatabase.db).transaction((tx) =>
        queueEmail(tx, {
          kind: 'test',
          to: ['bob@basic.example'],
          subject: 'Into the sink',
          text: 'Read me',
        }),
      );
      const mailDir = path.join(dataDir, 'mail');
      await waitUntil('a .eml file appears', () => {
        try {
          return readdirSync(mailDir).some((name) => name.endsWith('.eml'));
        } catch {
          return false;
        }
      });
      const [file] = readdirSync(mailDir);
      const content = readFileSync(path.join(mailDir, file ?? ''), 'utf8');
      expect(content).toContain('Subject: Into the sink');
      expect(content).toContain('To: bob@basic.example');
    } finally {
      await sinkWorker.stop();
      await sinkDatabase.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('gives up on a mail server that never answers, and delivers on a later attempt', async () => {
    const port = await freePort();
    const hanging = new HangingSmtpServer(port);
    await hanging.start();
    const recovered = new SmtpTestServer(port);
    const hangDatabase = await createTestDatabase();
    const hangWorker = await startJobWorker(
      hangDatabase,
      { ...testConfig(), smtpUrl: hanging.url, dataDir: os.tmpdir(), mailFrom },
      undefined,
      quietLog,
    );
    try {
      const id = await privileged(hangDatabase.db).transaction((tx) =>
        queueEmail(tx, { kind: 'test', to: ['wendy@acme.example'], subject: 'Through the hang', text: 'Hi' }),
      );
      // nodemailer's own defaults would wait minutes for a greeting; our timeouts end the attempt.
      await waitUntil(
        'the attempt on the hanging server fails',
        async () => (await outboxRow(hangDatabase, id)).attempts >= 1,
        25_000,
      );
      const failed = await outboxRow(hangDatabase, id);
      expect(hanging.connections).toBeGreaterThanOrEqual(1);
      expect(failed.status).toBe('pending');
      expect(failed.lastError).toBeTruthy();

      await hanging.stop();
      await recovered.start();
      await waitUntil(
        'the message arrives from the retry',
        () => recovered.received.some((mail) => mail.raw.includes('Through the hang')),
        25_000,
      );
      await waitUntil(
        'the row is marked sent',
        async () => (await outboxRow(hangDatabase, id)).status === 'sent',
      );
      expect(recovered.received.filter((mail) => mail.raw.includes('Through the hang'))).toHaveLength(1);
    } finally {
      await hangWorker.stop();
      await hanging.stop().catch(() => undefined);
      await recovered.stop();
      await hangDatabase.drop();
    }
  }, 60_000);
});
