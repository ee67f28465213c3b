import os from 'node:os';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, oneTimeTokens } from '../src/db/schema/index';
import { passwordResetTask } from '../src/modules/auth/links-service';
import { type JobWorker, startJobWorker } from '../src/plugins/jobs';

import { freePort } from './free-port';
import { SmtpTestServer } from './smtp-test-server';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';

const config = testConfig();
const quietLog = { info: () => undefined, warn: () => undefined };

describe('password reset requests', () => {
  const context = useTestApp({ config });
  let smtp: SmtpTestServer;
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'basic' });
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
  });
  afterAll(async () => {
    await smtp.stop();
  });

  /** What a request leaves behind: the queued jobs (task and payload keys) and any rows it wrote. */
  const footprint = async () => ({
    jobs: (
      await context.database.db.execute<{ task_identifier: string; keys: string[] }>(
        // The public view leaves the payload out; the private tables hold it.
        sql`select tasks.identifier as task_identifier,
              array(select json_object_keys(jobs.payload::json) order by 1) as keys
            from graphile_worker._private_jobs jobs
            join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
            order by jobs.id`,
      )
    ).rows,
    outbox: (await context.database.db.select().from(emailOutbox)).length,
    links: (await context.database.db.select().from(oneTimeTokens)).length,
  });
  const requestReset = (email: string) =>
    context.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset',
      payload: { email, portal: 'support' },
    });

  it('does the same work in the request for a known and an unknown email; only the known one gets mail', async () => {
    const known = await context.factories.contact({ organizationId, roles: ['technical'] });
    const unknownEmail = 'nobody-here@unknown.example';

    const before = await footprint();
    const forUnknown = await requestReset(unknownEmail);
    const afterUnknown = await footprint();
    const forKnown = await requestReset(known.email);
    const afterKnown = await footprint();

    expect(forUnknown.statusCode).toBe(202);
    expect(forKnown.statusCode).toBe(202);
    expect(forKnown.json()).toEqual(forUnknown.json());
    // Each request queued one job of the same kind with the same shape, and wrote nothing else.
    const newJobs = (after: typeof before, previous: typeof before) => after.jobs.slice(previous.jobs.length);
    expect(newJobs(afterUnknown, before)).toEqual([
      { task_identifier: passwordResetTask, keys: ['email', 'ipAddress', 'portal', 'requestId'] },
    ]);
    expect(newJobs(afterKnown, afterUnknown)).toEqual(newJobs(afterUnknown, before));
    expect(afterKnown.outbox).toBe(before.outbox);
    expect(afterKnown.links).toBe(before.links);

    // The worker runs the jobs: the known address gets its link over SMTP, the unknown one nothing.
    const worker: JobWorker = await startJobWorker(
      context.database,
      { ...config, smtpUrl: smtp.url, dataDir: os.tmpdir() },
      undefined,
      quietLog,
    );
    try {
      await waitUntil('the reset email arrives', () =>
        smtp.received.some((mail) => mail.to.includes(known.email)),
      );
      await waitUntil('both jobs are done', async () => (await footprint()).jobs.length === 0);
    } finally {
      await worker.stop();
    }
    const mail = smtp.received.find((received) => received.to.includes(known.email));
    expect(mail?.raw).toContain('Reset your Support Portal password');
    expect(smtp.received.some((received) => received.to.includes(unknownEmail))).toBe(false);
    expect(smtp.received).toHaveLength(1);
  });
});
