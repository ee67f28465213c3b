import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../src/db/schema/index';
import { type ApiProcess, startApiProcess } from './api-process';
import { countDeliveries, type Delivery, parsedMails } from './delivered-once';
import type { TestUser } from './fixtures';
import { freePort } from './free-port';
import { loadConcurrency, loadTestSettings, runConcurrently } from './load-settings';
import { SmtpTestServer } from './smtp-test-server';
import { useTestApp } from './test-app';
import { createTicket, firstProductId } from './ticket-fixtures';
import { waitUntil } from './wait-until';

const ticketCount = 50;
const replyCount = 50;

/**
 * The API as the start command runs it, its mail server down while 100 writes (tickets with a CC, staff
 * replies) go to it over HTTP: every write succeeds, its emails wait in the outbox, and once the server is
 * back each is delivered exactly once (docs/reliability.md).
 */
describe('while the mail server is down', () => {
  // Signs the tokens (the process uses the same development key in the test environment) and sets up rows.
  const context = useTestApp();
  let smtp: SmtpTestServer;
  let api: ApiProcess | undefined;
  let dataDir = '';
  const people = {} as Record<'requester' | 'copied' | 'agent', TestUser>;
  let productId = '';
  const answeredTickets: string[] = [];

  beforeAll(async () => {
    const { factories } = context;
    const organizationId = await factories.organization({ tier: 'premium' });
    people.requester = await factories.contact({ organizationId, roles: ['main'] });
    people.copied = await factories.contact({ organizationId, roles: ['technical'] });
    people.agent = await factories.staff({ roles: ['support_agent'] });
    productId = await firstProductId(context.database);
    for (let n = 0; n < 5; n += 1) {
      const ticket = await createTicket(context.database, {
        organizationId,
        requesterUserId: people.requester.id,
        subject: `Answered while mail is down ${n}`,
      });
      answeredTickets.push(ticket.id);
    }
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-smtp-outage-'));
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
    api = await startApiProcess({
      NODE_ENV: 'test',
      DATABASE_URL: context.database.url,
      DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
      SMTP_URL: smtp.url,
      ...loadTestSettings,
    });
  }, 60_000);

  afterAll(async () => {
    await api?.kill('SIGTERM');
    await smtp?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('accepts every write, keeps its emails in the outbox, and delivers each once when it is back', async () => {
    const run = randomBytes(3).toString('hex');
    await smtp.stop();

    const writes = [
      ...Array.from({ length: ticketCount }, (_, index) => ({
        tag: `${run}-t${index}`,
        as: people.requester,
        url: '/v1/tickets',
        body: {
          subject: `Mail down ${run}-t${index}`,
          description: 'Written while the mail server is down.',
          productId,
          severity: 3,
          ccUserIds: [people.copied.id],
        },
        emails: [people.requester, people.copied].map(
          (person) => `ticket ${run}-t${index} → ${person.email}`,
        ),
      })),
      ...Array.from({ length: replyCount }, (_, index) => ({
        tag: `${run}-r${index}`,
        as: people.agent,
        url: `/v1/tickets/${answeredTickets[index % answeredTickets.length]}/replies`,
        body: { body: `Answer ${run}-r${index}` },
        emails: [`reply ${run}-r${index} → ${people.requester.email}`],
      })),
    ];
    const statuses: number[] = [];
    await runConcurrently(writes.length, loadConcurrency, async (index) => {
      const write = writes[index];
      if (!write) return;
      const response = await fetch(`${api?.baseUrl}${write.url}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${context.app.jwt.sign(write.as.claims)}`,
        },
        body: JSON.stringify(write.body),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    });
    const acknowledged = statuses.filter((status) => status === 201).length;
    const expected = writes.flatMap((write) => write.emails);

    // Every email is in the outbox, and its delivery has been tried and has failed.
    const { db } = context.database;
    const waiting = () =>
      db
        .select({ id: emailOutbox.id, status: emailOutbox.status, attempts: emailOutbox.attempts })
        .from(emailOutbox)
        .where(
          sql`${inArray(emailOutbox.kind, ['ticket_update'])} and (${like(emailOutbox.subject, `%Mail down ${run}-%`)}
            or ${like(emailOutbox.textBody, `%Answer ${run}-%`)})`,
        );
    await waitUntil('every email waits in the outbox, each tried once', async () => {
      const rows = await waiting();
      return rows.length === expected.length && rows.every((row) => row.attempts >= 1);
    });
    const whileDown = await waiting();
    const pendingWhileDown = whileDown.filter((row) => row.status === 'pending').length;

    const backAt = Date.now();
    await smtp.start();
    const parse = parsedMails();
    const deliveries = async (): Promise<Delivery[]> =>
      (await parse(smtp.received)).flatMap((mail) => {
        const to = mail.to.join(', ');
        const ticket = new RegExp(`Ticket received: Mail down (${run}-t\\d+)$`).exec(mail.subject)?.[1];
        const reply = new RegExp(`Answer (${run}-r\\d+)`).exec(mail.text)?.[1];
        if (ticket) return [{ about: `ticket ${ticket} → ${to}`, messageId: mail.messageId }];
        if (reply) return [{ about: `reply ${reply} → ${to}`, messageId: mail.messageId }];
        return [];
      });
    // graphile-worker retries after e^attempts seconds: 2.7 s after the first failure, 7.4 s after the second.
    await waitUntil(
      'every email is delivered and marked sent',
      async () =>
        countDeliveries(expected, await deliveries()).missing.length === 0 &&
        (await waiting()).every((row) => row.status === 'sent'),
      30_000,
    );
    const deliveredIn = Date.now() - backAt;
    const result = countDeliveries(expected, await deliveries());
    console.log(
      `SMTP down: writes sent ${writes.length}, acknowledged ${acknowledged}; emails expected ${expected.length}, ` +
        `waiting in the outbox ${pendingWhileDown} (each tried at least once, delivered while down ${whileDown.length - pendingWhileDown}); ` +
        `after SMTP returned: delivered ${result.delivered}, duplicated ${result.duplicated.length}, ` +
        `unexpected ${result.unexpected.length}, all delivered within ${deliveredIn} ms`,
    );

    expect(acknowledged).toBe(writes.length);
    expect(pendingWhileDown).toBe(expected.length);
    expect(result.missing).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(result.unexpected).toEqual([]);
  }, 90_000);
});
