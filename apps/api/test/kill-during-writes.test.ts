import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatMoney, Invoice, Ticket, TicketEvent } from '@portals/domain';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicePayments, invoices, ticketCcs, ticketEvents, tickets } from '../src/db/schema/index';
import { webhookDeliverTask, webhookFanOutTask } from '../src/modules/webhooks/delivery';
import { type ApiProcess, startApiProcess } from './api-process';
import { countDeliveries, type Delivery, type DeliveryCount, parsedMails } from './delivered-once';
import type { TestUser } from './fixtures';
import { freePort } from './free-port';
import { loadConcurrency, loadTestSettings, runConcurrently } from './load-settings';
import { SmtpTestServer } from './smtp-test-server';
import { testConfig, useTestApp } from './test-app';
import { createTicket, firstProductId } from './ticket-fixtures';
import { waitUntil } from './wait-until';
import { WebhookReceiver } from './webhook-receiver';
import { registerWebhook } from './webhooks';

const writeCount = 1000;
/** The process is killed when this many writes have been answered, with others still in flight. */
const killAfterAcknowledged = 300;
const ticketsToAnswer = 10;
const invoiceCount = 4;

type Write =
  | { index: number; tag: string; kind: 'ticket'; url: string; body: Record<string, unknown> }
  | { index: number; tag: string; kind: 'reply'; url: string; ticketId: string; body: { body: string } }
  | {
      index: number;
      tag: string;
      kind: 'payment';
      url: string;
      invoiceId: string;
      body: { amountMinor: number; method: 'bank_transfer'; reference: string; receivedOn: string };
    };

type Outcome =
  | { status: 'acknowledged'; id: string }
  | { status: 'refused'; code: number; body: string }
  | { status: 'no answer'; error: string };

/**
 * A receiver whose deliveries must each arrive exactly once: what each write present in the database
 * should have caused, and what the receiver got, keyed alike (see delivered-once.ts).
 */
interface DeliveryChannel {
  name: string;
  expectedOf(write: Write): string[];
  deliveries(): Promise<Delivery[]>;
  /** Messages whose sending was under way when the process was killed: the only ones that may come twice. */
  inFlightAtKill: Set<string>;
}

/**
 * The API as the start command runs it, killed with SIGKILL while 1,000 writes (tickets, replies, payments)
 * go to it 50 at a time over HTTP, then started again on the same database: every acknowledged write is
 * there, none is half-written, and each email and webhook they cause is delivered once (docs/reliability.md).
 */
describe('the API killed (kill -9) during 1,000 concurrent writes', () => {
  // Signs the tokens (the processes use the same development key in the test environment) and sets up rows.
  // Its endpoint is a receiver on loopback, as the processes' settings allow too.
  const context = useTestApp({ config: testConfig({ WEBHOOK_PRIVATE_TARGETS: 'allowed' }) });
  const receiver = new WebhookReceiver();
  const processes: ApiProcess[] = [];
  let smtp: SmtpTestServer;
  let dataDir = '';
  let settings: Record<string, string>;
  const people = {} as Record<'requester' | 'copied' | 'agent' | 'billing', TestUser>;
  let organizationId = '';
  let productId = '';
  const answeredTickets: string[] = [];
  const issued: Invoice[] = [];

  beforeAll(async () => {
    const { factories } = context;
    organizationId = await factories.organization({ tier: 'premium' });
    people.requester = await factories.contact({ organizationId, roles: ['main'] });
    people.copied = await factories.contact({ organizationId, roles: ['technical'] });
    people.agent = await factories.staff({ roles: ['support_agent'] });
    people.billing = await factories.staff({ roles: ['billing'] });
    productId = await firstProductId(context.database);
    for (let n = 0; n < ticketsToAnswer; n += 1) {
      const ticket = await createTicket(context.database, {
        organizationId,
        requesterUserId: people.requester.id,
        subject: `Answered under load ${n}`,
      });
      answeredTickets.push(ticket.id);
    }
    for (let n = 0; n < invoiceCount; n += 1) {
      const draft = await context.as(people.billing).post('/v1/staff/invoices', {
        organizationId,
        currency: 'EUR',
        lines: [{ description: 'Support', quantity: 1, unitPriceMinor: 10_000_000, taxRateBasisPoints: 0 }],
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const issue = await context
        .as(people.billing)
        .post(`/v1/staff/invoices/${Invoice.parse(draft.json()).id}/issue`, {});
      expect(issue.statusCode, issue.body).toBe(200);
      issued.push(Invoice.parse(issue.json()));
    }
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-kill-'));
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
    // The main contact's endpoint: every ticket of the organization is theirs to see.
    await receiver.start();
    await registerWebhook(context.as(people.requester), {
      url: receiver.url('/kill'),
      eventTypes: ['ticket.created', 'ticket.replied'],
    });
    settings = {
      NODE_ENV: 'test',
      DATABASE_URL: context.database.url,
      DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
      SMTP_URL: smtp.url,
      WEBHOOK_PRIVATE_TARGETS: 'allowed',
      ...loadTestSettings,
    };
  }, 60_000);

  afterAll(async () => {
    for (const api of processes) await api.kill('SIGKILL');
    await smtp?.stop();
    await receiver.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged write, half-writes none, and delivers each email and webhook once after the restart', async () => {
    const run = randomBytes(3).toString('hex');
    const today = new Date().toISOString().slice(0, 10);
    const writes: Write[] = Array.from({ length: writeCount }, (_, index) => {
      const tag = `${run}-${String(index).padStart(4, '0')}`;
      const kind = index % 5;
      if (kind <= 1) {
        return {
          index,
          tag,
          kind: 'ticket',
          url: '/v1/tickets',
          body: {
            subject: `Fault ${tag}`,
            description: `Written under load ${tag}`,
            productId,
            severity: 3,
            ccUserIds: [people.copied.id],
          },
        };
      }
      if (kind <= 3) {
        const ticketId = answeredTickets[index % ticketsToAnswer] ?? '';
        return {
          index,
          tag,
          kind: 'reply',
          url: `/v1/tickets/${ticketId}/replies`,
          ticketId,
          body: { body: `Reply ${tag}` },
        };
      }
      const invoiceId = issued[index % invoiceCount]?.id ?? '';
      return {
        index,
        tag,
        kind: 'payment',
        url: `/v1/staff/invoices/${invoiceId}/payments`,
        invoiceId,
        // Distinct amounts: each receipt says which payment it is for.
        body: {
          amountMinor: 100 + index,
          method: 'bank_transfer',
          reference: `Payment ${tag}`,
          receivedOn: today,
        },
      };
    });
    const bearer = {
      ticket: `Bearer ${context.app.jwt.sign(people.requester.claims)}`,
      reply: `Bearer ${context.app.jwt.sign(people.agent.claims)}`,
      payment: `Bearer ${context.app.jwt.sign(people.billing.claims)}`,
    };

    // What each acknowledgement says was written: the id to look for.
    const acknowledgedId = (write: Write, body: unknown): string => {
      if (write.kind === 'ticket') return Ticket.parse(body).id;
      if (write.kind === 'reply') return String(TicketEvent.parse(body).id);
      const payment = Invoice.parse(body).payments.find((paid) => paid.reference === write.body.reference);
      if (!payment) throw new Error(`the answer to payment ${write.tag} does not show it`);
      return payment.id;
    };

    const emails: DeliveryChannel = {
      name: 'emails',
      expectedOf: (write) => {
        if (write.kind === 'ticket') {
          return [people.requester, people.copied].map((person) => `ticket ${write.tag} → ${person.email}`);
        }
        if (write.kind === 'reply') return [`reply ${write.tag} → ${people.requester.email}`];
        const invoice = issued.find((candidate) => candidate.id === write.invoiceId);
        const amount = formatMoney(write.body.amountMinor, 'EUR');
        return [`payment ${invoice?.number} ${amount} → ${people.requester.email}`];
      },
      deliveries: (() => {
        const parse = parsedMails();
        return async () => {
          const deliveries: Delivery[] = [];
          for (const mail of await parse(smtp.received)) {
            const to = mail.to.join(', ');
            const ticket = /Ticket received: Fault (\S+)$/.exec(mail.subject)?.[1];
            const reply = new RegExp(`Reply (${run}-\\d{4})`).exec(mail.text)?.[1];
            const payment = /We received (.+?) for invoice (\S+?)\. /.exec(mail.text);
            const about = ticket
              ? `ticket ${ticket} → ${to}`
              : reply
                ? `reply ${reply} → ${to}`
                : payment
                  ? `payment ${payment[2]} ${payment[1]} → ${to}`
                  : undefined;
            // Other mail (the invoices' own, from the set-up) is no write's.
            if (about) deliveries.push({ about, messageId: mail.messageId });
          }
          return deliveries;
        };
      })(),
      inFlightAtKill: new Set(),
    };
    // The main contact's endpoint gets each new ticket and each public reply, keyed by its delivery id
    // (Webhook-Id, the same on every attempt of one delivery).
    const webhooks: DeliveryChannel = {
      name: 'webhooks',
      expectedOf: (write) =>
        write.kind === 'ticket'
          ? [`ticket.created ${write.tag}`]
          : write.kind === 'reply'
            ? [`ticket.replied ${write.tag}`]
            : [],
      deliveries: async () =>
        receiver.received
          .filter((delivery) => delivery.status === 200)
          .flatMap((delivery) => {
            const event = JSON.parse(delivery.rawBody) as {
              type: string;
              data: { ticket?: { subject?: string }; ticketEvent?: { body?: string } };
            };
            const tag =
              event.type === 'ticket.created'
                ? new RegExp(`^Fault (${run}-\\d{4})$`).exec(event.data.ticket?.subject ?? '')?.[1]
                : event.type === 'ticket.replied'
                  ? new RegExp(`^Reply (${run}-\\d{4})$`).exec(event.data.ticketEvent?.body ?? '')?.[1]
                  : undefined;
            return tag
              ? [{ about: `${event.type} ${tag}`, messageId: String(delivery.headers['webhook-id']) }]
              : [];
          }),
      inFlightAtKill: new Set(),
    };
    /** Every receiver checked for exactly-once delivery. */
    const deliveryChannels: DeliveryChannel[] = [emails, webhooks];

    const outcomes = new Map<number, Outcome>();
    let acknowledged = 0;
    let inFlight = 0;
    let inFlightAtKill = 0;
    let api = await startApiProcess(settings);
    processes.push(api);
    // Writes wait here while the API is down (killed, not yet started again); in-flight ones fail.
    let apiUp: Promise<void> = Promise.resolve();
    let restarted: Promise<void> | undefined;

    const killAndRestart = async () => {
      let reopen: () => void = () => undefined;
      apiUp = new Promise<void>((resolve) => {
        reopen = resolve;
      });
      inFlightAtKill = inFlight;
      await api.kill('SIGKILL');
      // The sends the dead process was making: a message accepted by the SMTP server just before the kill
      // but not yet marked sent is sent again (at-least-once, with the same Message-ID).
      const locked = await context.database.db.execute<{ outbox_id: string }>(sql`
        select jobs.payload->>'outboxId' as outbox_id from graphile_worker._private_jobs jobs
        join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
        where tasks.identifier = 'send_email' and jobs.locked_by is not null`);
      for (const row of locked.rows) emails.inFlightAtKill.add(`<${row.outbox_id}@portals.example>`);
      // Likewise a webhook the receiver took just before the kill, its attempt not yet recorded.
      const sending = await context.database.db.execute<{ delivery_id: string }>(sql`
        select jobs.payload->>'deliveryId' as delivery_id from graphile_worker._private_jobs jobs
        join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
        where tasks.identifier = ${webhookDeliverTask} and jobs.locked_by is not null`);
      for (const row of sending.rows) webhooks.inFlightAtKill.add(row.delivery_id);
      api = await startApiProcess(settings);
      processes.push(api);
      reopen();
    };

    await runConcurrently(writeCount, loadConcurrency, async (index) => {
      const write = writes[index];
      if (!write) return;
      await apiUp;
      inFlight += 1;
      try {
        const response = await fetch(`${api.baseUrl}${write.url}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: bearer[write.kind] },
          body: JSON.stringify(write.body),
        });
        const text = await response.text();
        if (response.status !== 201) {
          outcomes.set(index, { status: 'refused', code: response.status, body: text });
          return;
        }
        let id: string;
        try {
          id = acknowledgedId(write, JSON.parse(text));
        } catch (error) {
          // An acknowledgement that does not show what was written fails the test, as a refusal does.
          outcomes.set(index, { status: 'refused', code: response.status, body: String(error) });
          return;
        }
        outcomes.set(index, { status: 'acknowledged', id });
        acknowledged += 1;
        if (acknowledged === killAfterAcknowledged) restarted = killAndRestart();
      } catch (error) {
        outcomes.set(index, { status: 'no answer', error: String((error as Error).cause ?? error) });
      } finally {
        inFlight -= 1;
      }
    });
    await restarted;

    const refused = [...outcomes.values()].filter((outcome) => outcome.status === 'refused');
    expect(refused, 'every write answered was acknowledged').toEqual([]);

    // What the database holds of this run's writes, acknowledged or not.
    const { db } = context.database;
    const ticketRows = await db
      .select({ id: tickets.id, subject: tickets.subject, description: tickets.description })
      .from(tickets)
      .where(like(tickets.subject, `Fault ${run}-%`));
    const ticketIds = ticketRows.map((row) => row.id);
    const createdEvents =
      ticketIds.length === 0
        ? []
        : await db
            .select({ ticketId: ticketEvents.ticketId, body: ticketEvents.body })
            .from(ticketEvents)
            .where(sql`${inArray(ticketEvents.ticketId, ticketIds)} and ${ticketEvents.kind} = 'created'`);
    const ccRows =
      ticketIds.length === 0
        ? []
        : await db
            .select({ ticketId: ticketCcs.ticketId, userId: ticketCcs.userId })
            .from(ticketCcs)
            .where(inArray(ticketCcs.ticketId, ticketIds));
    const replyRows = await db
      .select({
        id: ticketEvents.id,
        ticketId: ticketEvents.ticketId,
        kind: ticketEvents.kind,
        body: ticketEvents.body,
      })
      .from(ticketEvents)
      .where(like(ticketEvents.body, `Reply ${run}-%`));
    const paymentRows = await db
      .select({
        id: invoicePayments.id,
        invoiceId: invoicePayments.invoiceId,
        amountMinor: invoicePayments.amountMinor,
        reference: invoicePayments.reference,
      })
      .from(invoicePayments)
      .where(like(invoicePayments.reference, `Payment ${run}-%`));
    const invoiceRows = await db
      .select({ id: invoices.id, paidMinor: invoices.paidMinor })
      .from(invoices)
      .where(eq(invoices.organizationId, organizationId));
    const paymentSums = await db
      .select({ invoiceId: invoicePayments.invoiceId, sum: sql<string>`sum(${invoicePayments.amountMinor})` })
      .from(invoicePayments)
      .where(eq(invoicePayments.organizationId, organizationId))
      .groupBy(invoicePayments.invoiceId);

    /** The write as the database has it: its id if wholly there, `half` if only part of it is. */
    const stored = (write: Write): { id: string } | 'absent' | 'half' => {
      if (write.kind === 'ticket') {
        const row = ticketRows.find((candidate) => candidate.subject === write.body.subject);
        if (!row) return 'absent';
        const whole =
          row.description === write.body.description &&
          createdEvents.some((event) => event.ticketId === row.id && event.body === write.body.description) &&
          ccRows.some((cc) => cc.ticketId === row.id && cc.userId === people.copied.id);
        return whole ? { id: row.id } : 'half';
      }
      if (write.kind === 'reply') {
        const row = replyRows.find((candidate) => candidate.body === write.body.body);
        if (!row) return 'absent';
        return row.ticketId === write.ticketId && row.kind === 'public_reply'
          ? { id: String(row.id) }
          : 'half';
      }
      const row = paymentRows.find((candidate) => candidate.reference === write.body.reference);
      if (!row) return 'absent';
      return row.invoiceId === write.invoiceId && row.amountMinor === write.body.amountMinor
        ? { id: row.id }
        : 'half';
    };

    let found = 0;
    let halfWritten = 0;
    let unacknowledgedPresent = 0;
    let unacknowledgedAbsent = 0;
    const present: Write[] = [];
    for (const write of writes) {
      const outcome = outcomes.get(write.index);
      const inDatabase = stored(write);
      if (inDatabase === 'half') halfWritten += 1;
      else if (inDatabase !== 'absent') present.push(write);
      if (outcome?.status === 'acknowledged') {
        if (inDatabase !== 'absent' && inDatabase !== 'half' && inDatabase.id === outcome.id) found += 1;
      } else if (inDatabase === 'absent') unacknowledgedAbsent += 1;
      else if (inDatabase !== 'half') unacknowledgedPresent += 1;
    }
    // The invoices' kept sums: what each says was paid is what its payments add up to.
    const unbalancedInvoices = invoiceRows.filter(
      (invoice) =>
        invoice.paidMinor !== Number(paymentSums.find((sum) => sum.invoiceId === invoice.id)?.sum ?? 0),
    );
    halfWritten += unbalancedInvoices.length;
    // Rows of this run that belong to no write sent (a reply or a payment written twice, say).
    const orphans =
      ticketRows.length +
      replyRows.length +
      paymentRows.length -
      present.length -
      writes.filter((write) => stored(write) === 'half').length;

    // Every email and webhook of every write the database holds, delivered; and nothing left to send.
    const jobsLeft = async () =>
      (
        await db.execute<{ count: number }>(sql`
          select count(*)::int as count from graphile_worker._private_jobs jobs
          join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
          where tasks.identifier in ('notify_ticket_event', 'send_email', ${webhookFanOutTask}, ${webhookDeliverTask})`)
      ).rows[0]?.count ?? 0;
    const counts = new Map<DeliveryChannel, DeliveryCount>();
    const count = async (channel: DeliveryChannel) => {
      const result = countDeliveries(present.flatMap(channel.expectedOf), await channel.deliveries());
      counts.set(channel, result);
      return result;
    };
    // A job the killed process held runs again once the new process has judged it dead (30–40 s, decision 008).
    await waitUntil(
      'every expected message is delivered and nothing is left to send',
      async () => {
        for (const channel of deliveryChannels) if ((await count(channel)).missing.length > 0) return false;
        return (await jobsLeft()) === 0;
      },
      60_000,
    );
    for (const channel of deliveryChannels) await count(channel);

    const acknowledgedCount = [...outcomes.values()].filter(
      (outcome) => outcome.status === 'acknowledged',
    ).length;
    const lines = [
      `writes sent ${writes.length}, acknowledged ${acknowledgedCount}, found ${found}, lost ${acknowledgedCount - found}, ` +
        `half-written ${halfWritten}, orphans ${orphans}; in flight at the kill ${inFlightAtKill}, ` +
        `unacknowledged ${writes.length - acknowledgedCount} (wholly present ${unacknowledgedPresent}, wholly absent ${unacknowledgedAbsent})`,
    ];
    const unexplained = new Map<DeliveryChannel, DeliveryCount['duplicated']>();
    for (const channel of deliveryChannels) {
      const result = counts.get(channel);
      if (!result) continue;
      // A duplicate is forgiven only when it is the same message, sent again because its sending was under
      // way when the process died (SMTP accepted it; the row was not yet marked sent).
      const resent = result.duplicated.filter(
        ({ messageIds }) =>
          messageIds.length === 2 &&
          messageIds[0] === messageIds[1] &&
          channel.inFlightAtKill.has(messageIds[0] ?? ''),
      );
      unexplained.set(
        channel,
        result.duplicated.filter((duplicate) => !resent.includes(duplicate)),
      );
      lines.push(
        `${channel.name} expected ${result.expected}, delivered ${result.delivered}, ` +
          `duplicated ${result.duplicated.length - resent.length}, unexpected ${result.unexpected.length}; ` +
          `resent after the kill (the same message or delivery id, its sending under way at the kill) ${resent.length}`,
      );
    }
    console.log(`kill -9 during writes: ${lines.join('\n  ')}`);

    expect(acknowledgedCount).toBeGreaterThanOrEqual(killAfterAcknowledged);
    expect(inFlightAtKill, 'writes were in flight when the process was killed').toBeGreaterThan(0);
    expect(found).toBe(acknowledgedCount);
    expect(halfWritten).toBe(0);
    expect(orphans).toBe(0);
    expect(unacknowledgedPresent + unacknowledgedAbsent).toBe(writes.length - acknowledgedCount);
    for (const channel of deliveryChannels) {
      const result = counts.get(channel);
      expect(result?.missing, `${channel.name} never delivered`).toEqual([]);
      expect(result?.unexpected, `${channel.name} about nothing written`).toEqual([]);
      expect(unexplained.get(channel), `${channel.name} delivered twice`).toEqual([]);
    }
  }, 150_000);
});
