import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  contactRoles,
  emailOutbox,
  emailPreferences,
  ticketCcs,
  ticketEvents,
  tickets,
  users,
} from '../src/db/schema/index';
import { privileged } from '../src/db/scope';
import { queueJob } from '../src/lib/queue-job';
import {
  notifyTicketEventTask,
  queueTicketEventEmails,
  ticketStaffAlertKind,
} from '../src/modules/ticket-emails/service';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import type { ReceivedMail } from './smtp-test-server';
import { testConfig, useTestApp } from './test-app';
import { createTicket, firstProductId } from './ticket-fixtures';
import { waitUntil } from './wait-until';

const config = testConfig({ PUBLIC_URL: 'https://portals.example' });

type EventValues = typeof ticketEvents.$inferInsert;

describe('ticket emails, decided from the timeline', () => {
  const context = useTestApp({ config });
  const mail = useMailDelivery(
    () => context.database,
    () => config,
  );
  let organizationId: string;
  let main: TestUser;
  let requester: TestUser;
  let copied: TestUser;
  let otherTechnical: TestUser;
  let optedOut: TestUser;
  let administrative: TestUser;
  let otherOrganizationsTechnical: TestUser;
  let assignee: TestUser;
  let otherAgent: TestUser;
  let billing: TestUser;

  beforeAll(async () => {
    const { database, factories } = context;
    organizationId = await factories.organization({ tier: 'premium' });
    const contact = (roles: ('main' | 'technical' | 'administrative')[]) =>
      factories.contact({ organizationId, roles });
    main = await contact(['main']);
    requester = await contact(['technical']);
    copied = await contact(['technical']);
    otherTechnical = await contact(['technical']);
    optedOut = await contact(['technical']);
    administrative = await contact(['administrative']);
    otherOrganizationsTechnical = await factories.contact({
      organizationId: await factories.organization({ tier: 'premium' }),
      roles: ['technical'],
    });
    assignee = await factories.staff({ roles: ['support_agent'] });
    otherAgent = await factories.staff({ roles: ['support_agent'] });
    billing = await factories.staff({ roles: ['billing'] });
    await database.db
      .insert(emailPreferences)
      .values({ userId: optedOut.id, organizationId, kind: 'ticket_update', enabled: false });
  });

  const db = () => privileged(context.database.db);

  /** Appends an event as the tickets module does: the row and its email job in one transaction. */
  const appendEvent = (values: Omit<EventValues, 'organizationId'> & { organizationId?: string }) =>
    db().transaction(async (tx) => {
      const [event] = await tx
        .insert(ticketEvents)
        .values({ organizationId, ...values })
        .returning({ id: ticketEvents.id, kind: ticketEvents.kind, visibility: ticketEvents.visibility });
      if (!event) throw new Error('event not appended');
      await queueTicketEventEmails(tx, event);
      return event;
    });

  /** What reached the SMTP server because of `act`, once every email job it caused has run. */
  const mailsOf = async (act: () => Promise<unknown>): Promise<ReceivedMail[]> => {
    const before = mail.smtp.received.length;
    await act();
    await waitUntil('every ticket email job ran', async () => (await mail.emailJobsLeft()) === 0);
    return mail.smtp.received.slice(before);
  };
  const recipients = (mails: ReceivedMail[]) => mails.flatMap((mail) => mail.to).sort();
  const addresses = (...people: TestUser[]) => people.map((person) => person.email).sort();
  const outboxTo = async (person: TestUser) =>
    (await context.database.db.select().from(emailOutbox)).filter((mail) =>
      mail.toAddresses.includes(person.email),
    );

  const openTicket = async (
    options: { requester?: TestUser; cc?: TestUser[]; subject?: string; assignee?: TestUser | null } = {},
  ) => {
    const ticket = await createTicket(context.database, {
      organizationId,
      requesterUserId: (options.requester ?? requester).id,
      ccUserIds: (options.cc ?? [copied]).map((person) => person.id),
      ...(options.subject ? { subject: options.subject } : {}),
    });
    if (options.assignee) {
      await db()
        .update(tickets)
        .set({ assigneeUserId: options.assignee.id })
        .where(eq(tickets.id, ticket.id));
    }
    const [created] = await db()
      .select({ id: ticketEvents.id, kind: ticketEvents.kind, visibility: ticketEvents.visibility })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.kind, 'created')));
    if (!created) throw new Error('no created event');
    const subject = (
      await db().select({ subject: tickets.subject }).from(tickets).where(eq(tickets.id, ticket.id))
    )[0]?.subject;
    return { ...ticket, subject: subject ?? '', created };
  };

  it('mails as the tickets API changes a ticket: opened, answered, noted', async () => {
    const subject = `Scheduler stuck ${Date.now()}`;
    let ticketId = '';
    const opened = await mailsOf(async () => {
      const response = await context.as(requester).post('/v1/tickets', {
        subject,
        description: 'VMs stay pending.',
        productId: await firstProductId(context.database),
        severity: 2,
        ccUserIds: [copied.id, optedOut.id],
      });
      expect(response.statusCode).toBe(201);
      ticketId = (response.json() as { id: string }).id;
    });
    expect(recipients(opened)).toEqual(addresses(requester, copied));

    const answered = await mailsOf(async () => {
      const response = await context.as(assignee).post(`/v1/tickets/${ticketId}/replies`, {
        body: 'Which version do you run?',
      });
      expect(response.statusCode).toBe(201);
    });
    // The first answer also opens the ticket: one email, the reply's.
    expect(recipients(answered)).toEqual(addresses(requester, copied));

    const noted = await mailsOf(async () => {
      const response = await context.as(assignee).post(`/v1/tickets/${ticketId}/notes`, {
        body: 'Probably the known scheduler bug.',
      });
      expect(response.statusCode).toBe(201);
    });
    expect(noted).toEqual([]);
  });

  it('"ticket received" reaches the requester and the copied people who may see it, and nobody else', async () => {
    const lostTechnicalRole = await context.factories.contact({ organizationId, roles: ['technical'] });
    const uncopied = await context.factories.contact({ organizationId, roles: ['technical'] });
    const removedContact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const ticket = await openTicket({
      cc: [copied, optedOut, administrative, lostTechnicalRole, uncopied, removedContact],
    });
    // Since the ticket opened: one lost the technical role, one was taken off the CCs, one left.
    await db()
      .delete(contactRoles)
      .where(and(eq(contactRoles.userId, lostTechnicalRole.id), eq(contactRoles.role, 'technical')));
    await db()
      .delete(ticketCcs)
      .where(and(eq(ticketCcs.ticketId, ticket.id), eq(ticketCcs.userId, uncopied.id)));
    await db().update(users).set({ removedAt: new Date() }).where(eq(users.id, removedContact.id));

    const mails = await mailsOf(() => db().transaction((tx) => queueTicketEventEmails(tx, ticket.created)));

    expect(recipients(mails)).toEqual(addresses(requester, copied));
    const [toRequester] = await outboxTo(requester).then((rows) =>
      rows.filter((row) => row.subject === `[#${ticket.number}] Ticket received: ${ticket.subject}`),
    );
    expect(toRequester?.kind).toBe('ticket_update');
    expect(toRequester?.textBody).toContain(`https://portals.example/support/tickets/${ticket.id}`);
    for (const person of [main, otherTechnical, optedOut, administrative, otherOrganizationsTechnical]) {
      expect(recipients(mails)).not.toContain(person.email);
    }
  });

  it('mails nobody twice when an event’s job runs again after its work was committed (its process killed)', async () => {
    const ticket = await openTicket({ cc: [copied] });
    const first = await mailsOf(() => db().transaction((tx) => queueTicketEventEmails(tx, ticket.created)));
    expect(recipients(first)).toEqual(addresses(requester, copied));

    // The same job again, as when a process dies between committing the emails and marking the job done.
    const again = await mailsOf(() =>
      queueJob(db(), notifyTicketEventTask, { eventId: ticket.created.id }, { maxAttempts: 1 }),
    );
    expect(again).toEqual([]);
    const received = (await outboxTo(copied)).filter((row) => row.subject.includes(ticket.subject));
    expect(received).toHaveLength(1);
  });

  it('tells the requester and the copied people of a staff reply, with the reply, not its author', async () => {
    const ticket = await openTicket({ cc: [copied, optedOut], assignee });
    const mails = await mailsOf(() =>
      appendEvent({
        ticketId: ticket.id,
        actorUserId: assignee.id,
        kind: 'public_reply',
        visibility: 'public',
        body: 'Please restart the scheduler and send us its log.',
      }),
    );
    expect(recipients(mails)).toEqual(addresses(requester, copied));
    const [mail] = (await outboxTo(copied)).filter((row) =>
      row.subject.startsWith(`[#${ticket.number}] New reply`),
    );
    expect(mail?.textBody).toContain('> Please restart the scheduler and send us its log.');
  });

  it("sends a contact's reply to the others following the ticket and to its assignee, not to its author", async () => {
    const ticket = await openTicket({ cc: [copied], assignee });
    const mails = await mailsOf(() =>
      appendEvent({
        ticketId: ticket.id,
        actorUserId: copied.id,
        kind: 'public_reply',
        visibility: 'public',
        body: 'Here is the log.',
      }),
    );
    expect(recipients(mails)).toEqual(addresses(requester, assignee));
    const [toAssignee] = (await outboxTo(assignee)).filter((row) =>
      row.subject.startsWith(`[#${ticket.number}]`),
    );
    expect(toAssignee?.kind).toBe(ticketStaffAlertKind);

    // Unassigned: the contact's reply mails the other followers only.
    const unassigned = await openTicket({ cc: [copied] });
    const followers = await mailsOf(() =>
      appendEvent({
        ticketId: unassigned.id,
        actorUserId: requester.id,
        kind: 'public_reply',
        visibility: 'public',
        body: 'Any news?',
      }),
    );
    expect(recipients(followers)).toEqual(addresses(copied));
  });

  it('never mails anyone about an internal note, even when a job for it is queued', async () => {
    const ticket = await openTicket({ cc: [copied], assignee });
    const secret = `Internal ${Date.now()}: customer is on an unsupported version`;
    const mails = await mailsOf(async () => {
      const note = await appendEvent({
        ticketId: ticket.id,
        actorUserId: otherAgent.id,
        kind: 'internal_note',
        visibility: 'internal',
        body: secret,
      });
      // Whatever queued it, the job itself refuses an internal event.
      await queueJob(db(), notifyTicketEventTask, { eventId: note.id }, { maxAttempts: 1 });
    });
    expect(mails).toEqual([]);
    const outbox = await context.database.db.select().from(emailOutbox);
    expect(outbox.filter((row) => row.textBody.includes(secret))).toEqual([]);
  });

  it('tells the requester and the copied people of a status change, not the person who made it', async () => {
    const ticket = await openTicket({ cc: [copied, optedOut], assignee });
    const mails = await mailsOf(() =>
      appendEvent({
        ticketId: ticket.id,
        actorUserId: assignee.id,
        kind: 'status_changed',
        visibility: 'public',
        data: { from: 'open', to: 'pending_customer' },
      }),
    );
    expect(recipients(mails)).toEqual(addresses(requester, copied));
    const [mail] = (await outboxTo(requester)).filter((row) =>
      row.subject.startsWith(`[#${ticket.number}] Waiting on you`),
    );
    expect(mail?.textBody).toContain('from "Open" to "Waiting on you"');

    const byRequester = await mailsOf(() =>
      appendEvent({
        ticketId: ticket.id,
        actorUserId: requester.id,
        kind: 'status_changed',
        visibility: 'public',
        data: { from: 'pending_customer', to: 'open' },
      }),
    );
    expect(recipients(byRequester)).toEqual(addresses(copied));

    // A reply that moved the ticket: its own email says enough.
    const byReply = await mailsOf(() =>
      appendEvent({
        ticketId: ticket.id,
        actorUserId: requester.id,
        kind: 'status_changed',
        visibility: 'public',
        data: { from: 'pending_customer', to: 'open', reason: 'reply' },
      }),
    );
    expect(byReply).toEqual([]);
  });

  it('asks the requester alone for a rating when a ticket is solved, with a single-use link', async () => {
    const ticket = await openTicket({ cc: [copied], assignee });
    const mails = await mailsOf(() =>
      appendEvent({
        ticketId: ticket.id,
        actorUserId: assignee.id,
        kind: 'status_changed',
        visibility: 'public',
        data: { from: 'open', to: 'solved' },
      }),
    );
    expect(recipients(mails)).toEqual(addresses(requester, copied));
    const [mail] = (await outboxTo(requester)).filter(
      (row) => row.subject === `[#${ticket.number}] Solved: ${ticket.subject}`,
    );
    const rateLink =
      /Rate the help you received:\n(https:\/\/portals\.example\/support\/rate\?token=[\w-]+)/.exec(
        mail?.textBody ?? '',
      )?.[1];
    expect(rateLink).toBeDefined();
    expect(mail?.htmlBody).toContain(`<a href="${rateLink}">`);
    // The copied colleague hears it is solved, with no link to rate it: only the requester rates.
    const [toCopied] = (await outboxTo(copied)).filter(
      (row) => row.subject === `[#${ticket.number}] Solved: ${ticket.subject}`,
    );
    expect(toCopied?.textBody).toContain(`https://portals.example/support/tickets/${ticket.id}`);
    expect(toCopied?.textBody).not.toContain('Rate the help');
  });

  describe('a raised severity', () => {
    const raise = (ticketId: string, from: number, to: number) =>
      appendEvent({
        ticketId,
        actorUserId: requester.id,
        kind: 'severity_changed',
        visibility: 'public',
        data: { from, to, reason: 'Production is down now' },
      });

    it('alerts the assignee only', async () => {
      const ticket = await openTicket({ assignee });
      const mails = await mailsOf(() => raise(ticket.id, 3, 1));
      expect(recipients(mails)).toEqual(addresses(assignee));
      const [mail] = (await outboxTo(assignee)).filter((row) =>
        row.subject.startsWith(`[#${ticket.number}] Severity raised to 1 (Catastrophic)`),
      );
      expect(mail?.kind).toBe(ticketStaffAlertKind);
      expect(mail?.textBody).toContain('> Production is down now');
    });

    it('alerts every support agent when nobody is assigned, and no contact', async () => {
      const ticket = await openTicket();
      const mails = await mailsOf(() => raise(ticket.id, 4, 2));
      // Every active support agent (others made by other tests included), never billing staff or a contact.
      const agents = await db()
        .select({ email: users.email })
        .from(users)
        .where(sql`'support_agent' = any(${users.staffRoles}) and ${users.active}`);
      expect(recipients(mails)).toEqual(agents.map((agent) => agent.email).sort());
      expect(recipients(mails)).toEqual(expect.arrayContaining(addresses(assignee, otherAgent)));
      expect(recipients(mails)).not.toContain(billing.email);
      expect(recipients(mails)).not.toContain(requester.email);
    });

    it('mails nobody when the severity is lowered', async () => {
      const ticket = await openTicket({ assignee });
      expect(await mailsOf(() => raise(ticket.id, 1, 3))).toEqual([]);
    });
  });

  describe('a merge', () => {
    const merge = (source: { id: string; number: number }, target: { id: string; number: number }) => ({
      sourceTicketId: source.id,
      sourceNumber: source.number,
      targetTicketId: target.id,
      targetNumber: target.number,
    });

    it("tells the duplicate's requester which ticket it went into, naming it only if they may see it", async () => {
      const hidden = await openTicket({ requester, cc: [], subject: `Hidden target ${Date.now()}` });
      const duplicate = await openTicket({ requester: otherTechnical, cc: [copied] });
      const mails = await mailsOf(async () => {
        await appendEvent({
          ticketId: duplicate.id,
          actorUserId: assignee.id,
          kind: 'merged',
          visibility: 'public',
          data: merge(duplicate, hidden),
        });
        // The target's own record of the merge mails nobody.
        await appendEvent({
          ticketId: hidden.id,
          actorUserId: assignee.id,
          kind: 'merged',
          visibility: 'public',
          data: merge(duplicate, hidden),
        });
      });
      expect(recipients(mails)).toEqual(addresses(otherTechnical));
      const [mail] = (await outboxTo(otherTechnical)).filter((row) =>
        row.subject.startsWith(`[#${duplicate.number}] Merged into #${hidden.number}`),
      );
      // A technical contact without sharing does not see another's ticket: its number only.
      expect(mail?.textBody).toContain(`merged into ticket #${hidden.number}`);
      expect(mail?.textBody).not.toContain(hidden.subject);
      expect(mail?.textBody).not.toContain(hidden.id);

      const visible = await openTicket({ requester, cc: [otherTechnical] });
      const second = await openTicket({ requester: otherTechnical, cc: [] });
      await mailsOf(() =>
        appendEvent({
          ticketId: second.id,
          actorUserId: assignee.id,
          kind: 'merged',
          visibility: 'public',
          data: merge(second, visible),
        }),
      );
      const [named] = (await outboxTo(otherTechnical)).filter((row) =>
        row.subject.startsWith(`[#${second.number}] Merged into`),
      );
      expect(named?.textBody).toContain(visible.subject);
      expect(named?.textBody).toContain(`https://portals.example/support/tickets/${visible.id}`);
    });
  });

  it('escapes what people typed in the HTML and keeps a plain-text twin', async () => {
    const subject = `<script>alert("x")</script> & <b>bold</b> ${Date.now()}`;
    const ticket = await openTicket({ cc: [], subject });
    const mails = await mailsOf(() => db().transaction((tx) => queueTicketEventEmails(tx, ticket.created)));
    expect(recipients(mails)).toEqual(addresses(requester));
    const [row] = (await outboxTo(requester)).filter((mail) => mail.subject.includes(subject));
    expect(row?.textBody).toContain(subject);
    expect(row?.htmlBody).not.toContain('<script>');
    expect(row?.htmlBody).not.toContain('<b>bold');
    expect(row?.htmlBody).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    // Both parts travel in the message itself.
    expect(mails[0]?.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mails[0]?.raw).toMatch(/Content-Type: text\/html/i);
  });
});
