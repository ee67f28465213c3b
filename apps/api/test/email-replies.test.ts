import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TicketAttachmentList, type TicketEvent, TicketEventPage } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config';
import { contactRoles, ticketCcs, ticketEvents, tickets, users } from '../src/db/schema/index';
import { readReplyAddress, replyAddressOf } from '../src/lib/reply-addresses';
import { replyAboveMarker } from '../src/modules/email/templates/layout';
import { replyAddressSettingsOf } from '../src/modules/ticket-emails/service';
import { type ApiProcess, startApiProcess } from './api-process';
import type { TestUser } from './fixtures';
import { freePort } from './free-port';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp, useTestDatabase } from './test-app';
import { createTicket } from './ticket-fixtures';
import { waitUntil } from './wait-until';

const maxBytes = 256 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** The first bytes of a PNG image: what the content is, whatever the name says. */
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);

interface Delivery {
  accepted: boolean;
  /** The SMTP status of a refusal. */
  code?: number;
  response?: string;
}

/** Sends a message to the listener on `port` as a mail system would; a refusal resolves with its SMTP status. */
const deliverTo = async (port: number, message: SendMailOptions): Promise<Delivery> => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail(message);
    return { accepted: true };
  } catch (error) {
    const { responseCode, response } = error as { responseCode?: number; response?: string };
    if (responseCode === undefined) throw error;
    return { accepted: false, code: responseCode, response: response ?? '' };
  } finally {
    transport.close();
  }
};

describe('replies by email', () => {
  let config: Config;
  let dataDir: string;
  let listenerPort: number;
  const context = useTestApp({
    config: async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'email-replies-'));
      listenerPort = await freePort();
      config = testConfig({
        PUBLIC_URL: 'https://portals.example',
        DATA_DIR: dataDir,
        INBOUND_EMAIL_DOMAIN: 'reply.portals.example',
        INBOUND_SMTP_PORT: String(listenerPort),
        INBOUND_EMAIL_MAX_BYTES: String(maxBytes),
      });
      return config;
    },
  });

  let organizationId: string;
  let ada: TestUser;
  let bob: TestUser;
  let main: TestUser;
  let agent: TestUser;
  let stranger: TestUser;
  let strangersTicket: { id: string; number: number };

  beforeAll(async () => {
    const { factories } = context;
    organizationId = await factories.organization({ tier: 'premium' });
    main = await factories.contact({ organizationId, roles: ['main'] });
    ada = await factories.contact({ organizationId, roles: ['technical'] });
    bob = await factories.contact({ organizationId, roles: ['technical'] });
    agent = await factories.staff({ roles: ['support_agent'] });
    const otherOrganizationId = await factories.organization({ tier: 'premium' });
    stranger = await factories.contact({ organizationId: otherOrganizationId, roles: ['main'] });
    strangersTicket = await createTicket(context.database, {
      organizationId: otherOrganizationId,
      requesterUserId: stranger.id,
    });
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const settings = () => {
    const replies = replyAddressSettingsOf(config.inboundEmail);
    if (!replies) throw new Error('replies by email are not configured');
    return replies;
  };
  const addressOf = (ticket: { number: number }, person: TestUser) =>
    replyAddressOf(settings(), { ticketNumber: ticket.number, userId: person.id });

  const deliver = (message: SendMailOptions) => deliverTo(listenerPort, message);

  const openTicket = async (options: { requester?: TestUser; cc?: TestUser[]; status?: string } = {}) => {
    const ticket = await createTicket(context.database, {
      organizationId,
      requesterUserId: (options.requester ?? ada).id,
      ccUserIds: (options.cc ?? []).map((person) => person.id),
    });
    if (options.status) {
      await context.database.db
        .update(tickets)
        .set({ status: options.status as 'open' })
        .where(eq(tickets.id, ticket.id));
    }
    return ticket;
  };

  const timelineOf = async (ticketId: string, reader: TestUser = ada): Promise<TicketEvent[]> => {
    const response = await context.as(reader).get(`/v1/tickets/${ticketId}/events`);
    expect(response.statusCode).toBe(200);
    return TicketEventPage.parse(response.json()).items;
  };
  const repliesOn = async (ticketId: string) =>
    (await timelineOf(ticketId, agent)).filter((event) => event.kind === 'public_reply');
  const statusOf = async (ticketId: string) =>
    (
      await context.database.db
        .select({ status: tickets.status })
        .from(tickets)
        .where(eq(tickets.id, ticketId))
    )[0]?.status;
  const eventCount = async (ticketId: string) =>
    (
      await context.database.db
        .select({ count: sql<number>`count(*)::int` })
        .from(ticketEvents)
        .where(eq(ticketEvents.ticketId, ticketId))
    )[0]?.count;

  it("adds a reply sent to a person's reply address as their public reply, with its attachment, and reopens a ticket waiting on them", async () => {
    const ticket = await openTicket({ status: 'pending_customer' });
    const messageId = `<${randomBytes(8).toString('hex')}@mail.acme.example>`;
    const delivery = await deliver({
      from: `Ada <${ada.email}>`,
      to: addressOf(ticket, ada),
      subject: `Re: [#${ticket.number}] Waiting on you`,
      text: 'Here is the screenshot of the scheduler.',
      messageId,
      attachments: [{ filename: 'notes.txt', content: png, contentType: 'text/plain' }],
    });
    expect(delivery).toEqual({ accepted: true });

    const timeline = await timelineOf(ticket.id);
    const reply = timeline.find((event) => event.kind === 'public_reply');
    expect(reply).toMatchObject({
      kind: 'public_reply',
      visibility: 'public',
      body: 'Here is the screenshot of the scheduler.',
      actor: { id: ada.id },
      data: { via: 'email' },
    });
    // The timeline says it came by email; the sender's Message-ID stays with the server.
    expect(JSON.stringify(timeline)).not.toContain(messageId.slice(1, -1));
    // The same status rule as a reply in the portal: the customer answered, the ticket is open again.
    expect(await statusOf(ticket.id)).toBe('open');
    expect(timeline.find((event) => event.kind === 'status_changed')).toMatchObject({
      data: { from: 'pending_customer', to: 'open', reason: 'reply' },
    });

    const attachments = await context.as(ada).get(`/v1/tickets/${ticket.id}/attachments`);
    const [attachment] = TicketAttachmentList.parse(attachments.json()).items;
    expect(attachment).toMatchObject({
      fileName: 'notes.txt',
      sizeBytes: png.length,
      sha256: sha256(png),
      // Sniffed from the bytes, not taken from the message's claim.
      contentType: 'image/png',
      visibility: 'public',
      eventId: reply?.id,
      uploader: { id: ada.id },
    });
    const download = await context
      .as(main)
      .get(`/v1/tickets/${ticket.id}/attachments/${attachment?.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(png));
  });

  it('keeps only what the person wrote above the quoted email', async () => {
    const ticket = await openTicket({ requester: bob });
    const delivery = await deliver({
      from: bob.email,
      to: addressOf(ticket, bob),
      subject: 'Re: your ticket',
      text: [
        'Version 6.10.2, on every host.',
        '',
        `On Tue, 1 Dec 2026 at 10:00, Support <${addressOf(ticket, bob)}> wrote:`,
        `> ${replyAboveMarker}`,
        '> Hello Bob,',
        '> Which version do you run?',
      ].join('\r\n'),
    });
    expect(delivery.accepted).toBe(true);
    const [reply] = await repliesOn(ticket.id);
    expect(reply).toMatchObject({ body: 'Version 6.10.2, on every host.', actor: { id: bob.id } });
  });

  it('reads a reply written in HTML only as its text, with no markup kept', async () => {
    const ticket = await openTicket();
    const delivery = await deliver({
      from: ada.email,
      to: addressOf(ticket, ada),
      subject: 'Re: html',
      html: '<p onclick="alert(2)">It is <b>fixed</b><script>alert(1)</script></p><div class="gmail_quote">On Mon, Support wrote:<blockquote>old words</blockquote></div>',
    });
    expect(delivery.accepted).toBe(true);
    const [reply] = await repliesOn(ticket.id);
    expect(reply).toMatchObject({ body: 'It is fixed' });
  });

  it('adds nothing when the same message is delivered again', async () => {
    const ticket = await openTicket();
    const message = {
      from: ada.email,
      to: addressOf(ticket, ada),
      subject: 'Re: retried',
      text: 'Once only, please.',
      messageId: `<retry-${randomBytes(8).toString('hex')}@mail.acme.example>`,
      attachments: [{ filename: 'log.txt', content: 'scheduler log' }],
    };
    expect((await deliver(message)).accepted).toBe(true);
    const after = await eventCount(ticket.id);
    // A mail system that did not hear our answer sends it again: accepted, and nothing more is added.
    expect((await deliver(message)).accepted).toBe(true);
    expect(await eventCount(ticket.id)).toBe(after);
    expect(await repliesOn(ticket.id)).toHaveLength(1);
    // Two deliveries of one message at once: the second waits for the first, then finds it.
    const again = { ...message, messageId: `<twice-${randomBytes(8).toString('hex')}@mail.acme.example>` };
    const both = await Promise.all([deliver(again), deliver(again)]);
    expect(both).toEqual([{ accepted: true }, { accepted: true }]);
    expect(await repliesOn(ticket.id)).toHaveLength(2);
    const attachments = await context.as(ada).get(`/v1/tickets/${ticket.id}/attachments`);
    expect(TicketAttachmentList.parse(attachments.json()).items).toHaveLength(2);
  });

  it("refuses an out-of-office answer to a ticket email: it is not the person's reply", async () => {
    const ticket = await openTicket();
    for (const headers of [
      { 'Auto-Submitted': 'auto-replied' },
      { 'X-Autoreply': 'yes' },
      { Precedence: 'auto_reply' },
    ]) {
      const delivery = await deliver({
        from: ada.email,
        to: addressOf(ticket, ada),
        subject: 'Out of office',
        text: 'I am away until Monday.',
        headers,
      });
      expect(delivery).toMatchObject({ accepted: false, code: 550 });
      expect(delivery.response).toContain('Automatic replies are not added to tickets');
    }
    expect(await repliesOn(ticket.id)).toEqual([]);
  });

  it('refuses a reply from several senders at once, and one with too many attachments', async () => {
    const ticket = await openTicket();
    const twoSenders = await deliver({
      from: `${ada.email}, ${bob.email}`,
      to: addressOf(ticket, ada),
      subject: 'Re',
      text: 'Us both.',
    });
    expect(twoSenders).toMatchObject({ accepted: false, code: 550 });
    const many = await deliver({
      from: ada.email,
      to: addressOf(ticket, ada),
      subject: 'Re: files',
      text: 'All the logs.',
      attachments: Array.from({ length: 21 }, (_, index) => ({ filename: `log-${index}.txt`, content: 'x' })),
    });
    expect(many).toMatchObject({ accepted: false, code: 550 });
    expect(many.response).toContain('at most 20 attachments');
    expect(await repliesOn(ticket.id)).toEqual([]);
  });

  it("refuses a reply whose sender is not the address's person, even a colleague on the ticket", async () => {
    const ticket = await openTicket({ cc: [bob] });
    const before = await eventCount(ticket.id);
    for (const from of [bob.email, stranger.email, `Ada <ada@attacker.example>`]) {
      const delivery = await deliver({ from, to: addressOf(ticket, ada), subject: 'Re', text: 'Close it.' });
      expect(delivery).toMatchObject({ accepted: false, code: 550 });
      expect(delivery.response).toContain('not the person this reply address was given to');
    }
    expect(await eventCount(ticket.id)).toBe(before);
  });

  it('refuses a forged or altered reply address before the message is sent', async () => {
    const ticket = await openTicket();
    const genuine = addressOf(ticket, ada);
    const token = genuine.slice('reply+'.length, genuine.indexOf('@'));
    const altered = `reply+${token.slice(0, 10)}${token[10] === 'a' ? 'b' : 'a'}${token.slice(11)}@reply.portals.example`;
    const forged = replyAddressOf(
      { domain: 'reply.portals.example', keys: ['a-key-the-attacker-chose-of-32-characters-or-more'] },
      { ticketNumber: ticket.number, userId: ada.id },
    );
    for (const to of [
      altered,
      forged,
      'reply+hello@reply.portals.example',
      'support@reply.portals.example',
    ]) {
      const delivery = await deliver({ from: ada.email, to, subject: 'Re', text: 'Hello' });
      expect(delivery).toMatchObject({ accepted: false, code: 550 });
      expect(delivery.response).toContain('No such reply address');
    }
    expect(await repliesOn(ticket.id)).toEqual([]);
  });

  it('refuses an address turned to another ticket, and a genuine address for a ticket its person cannot see', async () => {
    const adasTicket = await openTicket();
    const bobsTicket = await openTicket({ requester: bob });
    // Ada's address, its ticket part swapped for Bob's ticket: the signature no longer matches.
    const mine = addressOf(adasTicket, ada).split('@')[0] ?? '';
    const theirs = addressOf(bobsTicket, ada).split('@')[0] ?? '';
    const swapped = `${theirs.slice(0, 20)}${mine.slice(20)}@reply.portals.example`;
    expect(readReplyAddress(settings(), swapped)).toBeUndefined();
    const delivery = await deliver({ from: ada.email, to: swapped, subject: 'Re', text: 'Mine now' });
    expect(delivery).toMatchObject({ accepted: false, code: 550 });

    // A genuine address for a ticket Ada cannot see (Bob's, not shared, not copied): refused in SQL.
    const unseen = await deliver({
      from: ada.email,
      to: addressOf(bobsTicket, ada),
      subject: 'Re',
      text: 'Peeking',
    });
    expect(unseen).toMatchObject({ accepted: false, code: 550 });
    expect(unseen.response).toContain('You can no longer see this ticket');
    // Nor another organization's ticket with an address made for her.
    const elsewhere = await deliver({
      from: ada.email,
      to: addressOf(strangersTicket, ada),
      subject: 'Re',
      text: 'Hello neighbours',
    });
    expect(elsewhere).toMatchObject({ accepted: false, code: 550 });
    expect(await repliesOn(bobsTicket.id)).toEqual([]);
    expect(await repliesOn(strangersTicket.id)).toEqual([]);
  });

  it('refuses the address of someone who may no longer see the ticket: taken off the CCs, or removed', async () => {
    const carol = await context.factories.contact({ organizationId, roles: ['technical'] });
    const dave = await context.factories.contact({ organizationId, roles: ['technical'] });
    const ticket = await openTicket({ cc: [carol, dave] });
    await context.database.db.delete(ticketCcs).where(eq(ticketCcs.userId, carol.id));
    await context.database.db.delete(contactRoles).where(eq(contactRoles.userId, dave.id));
    await context.database.db
      .update(users)
      .set({ active: false, removedAt: new Date() })
      .where(eq(users.id, dave.id));

    const offCc = await deliver({
      from: carol.email,
      to: addressOf(ticket, carol),
      subject: 'Re',
      text: 'Hi',
    });
    expect(offCc).toMatchObject({ accepted: false, code: 550 });
    expect(offCc.response).toContain('You can no longer see this ticket');
    const removed = await deliver({
      from: dave.email,
      to: addressOf(ticket, dave),
      subject: 'Re',
      text: 'Hi',
    });
    expect(removed).toMatchObject({ accepted: false, code: 550 });
    expect(removed.response).toContain('no longer valid');
    expect(await repliesOn(ticket.id)).toEqual([]);
  });

  it('refuses a reply to a closed ticket, as the portal does, and an empty one', async () => {
    const closed = await openTicket({ status: 'closed' });
    const late = await deliver({ from: ada.email, to: addressOf(closed, ada), subject: 'Re', text: 'Again' });
    expect(late).toMatchObject({ accepted: false, code: 550 });
    expect(late.response).toContain('This ticket is closed: open a new ticket');

    const ticket = await openTicket();
    const empty = await deliver({
      from: ada.email,
      to: addressOf(ticket, ada),
      subject: 'Re',
      text: `On Mon, Support wrote:\n> ${replyAboveMarker}\n> Hello Ada`,
    });
    expect(empty).toMatchObject({ accepted: false, code: 550 });
    expect(empty.response).toContain('The reply is empty');
    expect(await repliesOn(ticket.id)).toEqual([]);
  });

  it('refuses a message over the size limit with 552, and keeps nothing of it', async () => {
    const ticket = await openTicket();
    const delivery = await deliver({
      from: ada.email,
      to: addressOf(ticket, ada),
      subject: 'Re: big',
      text: 'A large dump.',
      attachments: [{ filename: 'dump.bin', content: randomBytes(maxBytes) }],
    });
    expect(delivery).toMatchObject({ accepted: false, code: 552 });
    expect(delivery.response).toContain('exceeds fixed maximum message size');
    expect(await repliesOn(ticket.id)).toEqual([]);
  });

  it('takes one reply address per message', async () => {
    const first = await openTicket();
    const second = await openTicket();
    const delivery = await deliver({
      from: ada.email,
      to: [addressOf(first, ada), addressOf(second, ada)],
      subject: 'Re: both',
      text: 'Both tickets.',
    });
    // nodemailer reports the one it could not deliver; the first one went through.
    expect(delivery.accepted).toBe(true);
    expect(await repliesOn(first.id)).toHaveLength(1);
    expect(await repliesOn(second.id)).toEqual([]);
  });

  describe('the ticket emails', () => {
    const mail = useMailDelivery(
      () => context.database,
      () => ({ ...config, dataDir }),
    );

    it('carry each contact their own reply address, which adds their answer to the ticket', async () => {
      const ticket = await openTicket({ cc: [bob] });
      await context.database.db
        .update(tickets)
        .set({ assigneeUserId: agent.id })
        .where(eq(tickets.id, ticket.id));
      const before = mail.smtp.received.length;
      const answer = await context
        .as(agent)
        .post(`/v1/tickets/${ticket.id}/replies`, { body: 'Which version do you run?' });
      expect(answer.statusCode).toBe(201);
      await waitUntil('the reply emails went out', async () => (await mail.emailJobsLeft()) === 0);
      const mails = await Promise.all(mail.smtp.received.slice(before).map((sent) => simpleParser(sent.raw)));
      const toAda = mails.find((mail) => mail.to && 'text' in mail.to && mail.to.text.includes(ada.email));
      const toBob = mails.find((mail) => mail.to && 'text' in mail.to && mail.to.text.includes(bob.email));
      const adasAddress = toAda?.replyTo?.value[0]?.address ?? '';
      const bobsAddress = toBob?.replyTo?.value[0]?.address ?? '';
      expect(readReplyAddress(settings(), adasAddress)).toEqual({
        ticketNumber: ticket.number,
        userId: ada.id,
      });
      expect(readReplyAddress(settings(), bobsAddress)).toEqual({
        ticketNumber: ticket.number,
        userId: bob.id,
      });
      expect(toAda?.text?.split('\n')[0]).toBe(replyAboveMarker);

      // Ada answers from her mail client, quoting the email under her words.
      const quoted = (toAda?.text ?? '')
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
      const delivery = await deliver({
        from: ada.email,
        to: adasAddress,
        subject: `Re: ${toAda?.subject}`,
        inReplyTo: toAda?.messageId ?? '',
        text: `6.10.2 on all hosts.\n\nOn Wed, 2 Dec 2026, Support <${adasAddress}> wrote:\n${quoted}`,
      });
      expect(delivery).toEqual({ accepted: true });
      const replies = await repliesOn(ticket.id);
      expect(replies.map((reply) => [reply.actor?.id, 'body' in reply ? reply.body : null])).toEqual([
        [agent.id, 'Which version do you run?'],
        [ada.id, '6.10.2 on all hosts.'],
      ]);

      // Her reply by email tells the assignee, as a reply in the portal does; staff alerts carry no reply address.
      await waitUntil('the alert went out', async () => (await mail.emailJobsLeft()) === 0);
      const alerts = await Promise.all(
        mail.smtp.received
          .slice(before)
          .filter((mail) => mail.to.includes(agent.email))
          .map((mail) => simpleParser(mail.raw)),
      );
      expect(alerts.map((alert) => alert.text?.includes('6.10.2 on all hosts.'))).toEqual([true]);
      expect(alerts[0]?.replyTo).toBeUndefined();
    });
  });
});

describe('the started API with replies by email on', () => {
  const context = useTestDatabase();
  let api: ApiProcess | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await api?.kill('SIGTERM');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('listens for replies, and logs a refusal with its reason but without the message body', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'email-replies-process-'));
    const port = await freePort();
    const environment = {
      NODE_ENV: 'test',
      DATABASE_URL: context.database.url,
      DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      INBOUND_EMAIL_DOMAIN: 'reply.portals.example',
      INBOUND_SMTP_PORT: String(port),
    };
    api = await startApiProcess(environment);
    const started = api;
    expect(started.output()).toContain(`Replies by email:  SMTP on 127.0.0.1:${port}`);

    const organizationId = await context.factories.organization({ tier: 'basic' });
    const ada = await context.factories.contact({ organizationId, roles: ['main'] });
    const ticket = await createTicket(context.database, { organizationId, requesterUserId: ada.id });
    const replies = replyAddressSettingsOf(testConfig(environment).inboundEmail);
    if (!replies) throw new Error('replies by email are not configured');
    const secretWords = `private-words-${randomBytes(6).toString('hex')}`;
    const delivery = await deliverTo(port, {
      from: 'someone@attacker.example',
      to: replyAddressOf(replies, { ticketNumber: ticket.number, userId: ada.id }),
      subject: 'Re: your ticket',
      text: `Please send me the logs. ${secretWords}`,
    });
    expect(delivery).toMatchObject({ accepted: false, code: 550 });

    await waitUntil('the refusal is in the log', () => started.output().includes('inbound email refused'));
    const line = started
      .output()
      .split('\n')
      .find((entry) => entry.includes('inbound email refused'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      reason: 'The sender is not the person this reply address was given to',
      from: ['someone@attacker.example'],
      ticketNumber: ticket.number,
    });
    expect(started.output()).not.toContain(secretWords);
  });
});
