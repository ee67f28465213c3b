import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../src/db/schema/index';
import { type ApiProcess, startApiProcess } from './api-process';
import { freePort } from './free-port';
import { HangingSmtpServer } from './hanging-smtp-server';
import { SmtpTestServer } from './smtp-test-server';
import { useTestDatabase } from './test-app';
import { waitUntil } from './wait-until';

describe('a job in flight when its process is killed', () => {
  const context = useTestDatabase();
  let dataDir: string;
  const processes: ApiProcess[] = [];
  const servers: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-crash-'));
  });
  afterAll(async () => {
    for (const api of processes) await api.kill('SIGKILL');
    for (const server of servers) await server.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  const sendEmailJobs = async () =>
    (
      await context.database.db.execute<{ locked_by: string | null }>(
        sql`select locked_by from graphile_worker.jobs where task_identifier = 'send_email'`,
      )
    ).rows;

  it('runs again in a restarted API: the password reset email arrives, exactly once', async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    const contact = await context.factories.contact({ organizationId, roles: ['main'] });
    const settings = {
      NODE_ENV: 'test',
      DATABASE_URL: context.database.url,
      DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
    };

    // The first API's mail server accepts the connection and then never answers.
    const hanging = new HangingSmtpServer(await freePort());
    servers.push(hanging);
    await hanging.start();
    const first = await startApiProcess({ ...settings, SMTP_URL: hanging.url });
    processes.push(first);
    const response = await fetch(`${first.baseUrl}/v1/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: contact.email }),
    });
    expect(response.status).toBe(202);
    await waitUntil('the first API is sending the email', async () => {
      const jobs = await sendEmailJobs();
      return hanging.connections > 0 && jobs.length === 1 && jobs[0]?.locked_by !== null;
    });

    await first.kill('SIGKILL');
    // The dead process's lock outlives it; what is left of that process is its last heartbeat.
    const [orphan] = await sendEmailJobs();
    expect(orphan?.locked_by).toBeTruthy();
    const lastBeat = await context.database.db.execute(
      sql`select 1 from graphile_worker.job_worker_heartbeats where worker_id = ${orphan?.locked_by}`,
    );
    expect(lastBeat.rows).toHaveLength(1);

    const smtp = new SmtpTestServer(await freePort());
    servers.push(smtp);
    await smtp.start();
    const second = await startApiProcess({ ...settings, SMTP_URL: smtp.url });
    processes.push(second);
    const resetEmails = () => smtp.received.filter((mail) => mail.to.includes(contact.email));
    // The product's own heartbeat settings: the email must arrive within a minute of the restart.
    await waitUntil('the password reset email arrives', () => resetEmails().length > 0, 60_000);
    await waitUntil('the job is done', async () => (await sendEmailJobs()).length === 0);

    const outbox = await context.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.kind, 'password_reset'));
    expect(outbox.map((row) => row.status)).toEqual(['sent']);
    expect(resetEmails()).toHaveLength(1);
    expect(resetEmails()[0]?.raw).toContain('Reset your Support Portal password');
    await second.kill('SIGTERM');
  }, 120_000);
});
