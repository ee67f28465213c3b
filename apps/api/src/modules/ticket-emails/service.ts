import {
  type Actor,
  canReadTicket,
  emailKindRules,
  type TicketAudience,
  type TicketEventKind,
  TicketSeverity,
  TicketStatus,
  type TicketVisibility,
} from '@portals/domain';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { type AnyExecutor, type DatabaseAccess, type PrivilegedExecutor, privileged } from '../../db/scope';
import { queueJob } from '../../lib/queue-job';
import { type ReplyAddressSettings, replyAddressOf } from '../../lib/reply-addresses';
import { type OutgoingEmail, queueEmail } from '../email/outbox';
import { portalUrl, type RenderedEmail } from '../email/templates/layout';
import { ticketCustomerReplyEmail } from '../email/templates/ticket-customer-reply';
import { ticketMergedEmail } from '../email/templates/ticket-merged';
import { ticketReceivedEmail } from '../email/templates/ticket-received';
import { ticketReplyEmail } from '../email/templates/ticket-reply';
import { ticketSeverityRaisedEmail } from '../email/templates/ticket-severity-raised';
import { ticketStatusChangedEmail } from '../email/templates/ticket-status-changed';
import { createRatingLink } from '../ticket-ratings/service';
import {
  findPerson,
  findTicketEvent,
  findTicketForEmail,
  listActiveStaff,
  listContactsOfOrganization,
} from './repository';

export const notifyTicketEventTask = 'notify_ticket_event';

/**
 * The outbox kind of staff alerts about tickets. Not an `EmailKind`: those are the contacts' kinds, with
 * preferences; a staff alert goes to whom the ticket's work concerns.
 */
export const ticketStaffAlertKind = 'ticket_staff_alert';

/** The timeline's kinds that may mail someone; the others (notes, assignment, CCs…) never do. */
const mailingKinds: readonly TicketEventKind[] = [
  'created',
  'public_reply',
  'status_changed',
  'severity_changed',
  'merged',
];

/** Whether an event of this kind and visibility has its emails queued (notify_ticket_event). */
export const eventMails = (event: { kind: TicketEventKind; visibility: TicketVisibility }) =>
  // Internal events never mail a contact, and no staff alert comes from one either.
  event.visibility === 'public' && mailingKinds.includes(event.kind);

/** The job of an event's emails: one per event (the prefix and the event's id as its key), retried for a day or so. */
export const ticketEventEmailJob = { maxAttempts: 25, jobKeyPrefix: 'ticket-event:' } as const;

/**
 * Queues the emails of one appended ticket event as a job, in the caller's transaction (so only a
 * committed event mails anyone). The job decides recipients when it runs: who may see the ticket then.
 */
export const queueTicketEventEmails = async (
  executor: AnyExecutor,
  event: { id: number; kind: TicketEventKind; visibility: TicketVisibility },
): Promise<void> => {
  if (!eventMails(event)) return;
  await queueJob(
    executor,
    notifyTicketEventTask,
    { eventId: event.id },
    {
      maxAttempts: ticketEventEmailJob.maxAttempts,
      jobKey: `${ticketEventEmailJob.jobKeyPrefix}${event.id}`,
    },
  );
};

type TicketForEmail = NonNullable<Awaited<ReturnType<typeof findTicketForEmail>>>;
type Contact = Awaited<ReturnType<typeof listContactsOfOrganization>>[number];
type Staff = Awaited<ReturnType<typeof listActiveStaff>>[number];

const contactActor = (contact: Contact, organizationId: string): Actor => ({
  userId: contact.id,
  kind: 'contact',
  organizationId,
  contactRoles: contact.roles,
  staffRoles: [],
  tier: null,
  // No contact role waits for two-factor sign-in.
  twoFactorVerified: true,
  scopes: null,
});

const staffActor = (staff: Staff): Actor => ({
  userId: staff.id,
  kind: 'staff',
  organizationId: null,
  contactRoles: [],
  staffRoles: staff.staffRoles,
  tier: null,
  // An administrator without two-factor sign-in has no ticket rights yet: no mail about tickets either.
  twoFactorVerified: staff.twoFactorEnabled,
  scopes: null,
});

const audienceOf = (ticket: TicketForEmail): TicketAudience => ticket;

/** The privacy rule reads apply (packages/domain's `canReadTicket`), on this ticket's rows as they are now. */
const contactMaySee = (contact: Contact, ticket: TicketForEmail) =>
  canReadTicket(contactActor(contact, ticket.organizationId), audienceOf(ticket), ticket);

const staffMaySee = (staff: Staff, ticket: TicketForEmail) =>
  canReadTicket(staffActor(staff), audienceOf(ticket), ticket);

/** An active contact who did not turn ticket emails off. */
const wantsTicketUpdates = (contact: Contact) =>
  contact.active && (emailKindRules.ticket_update.mandatory || contact.preferences.ticket_update !== false);

/** The requester and the people copied on the ticket who may see it now and want its emails. */
const followersOf = (ticket: TicketForEmail, contacts: readonly Contact[], except: string | null) =>
  contacts.filter(
    (contact) =>
      (contact.id === ticket.requesterId || ticket.ccUserIds.includes(contact.id)) &&
      contact.id !== except &&
      wantsTicketUpdates(contact) &&
      contactMaySee(contact, ticket),
  );

const toContact = (
  ticket: TicketForEmail,
  contact: Contact,
  email: RenderedEmail,
  replyTo?: string,
): OutgoingEmail => ({
  kind: 'ticket_update',
  organizationId: ticket.organizationId,
  to: [contact.email],
  ...email,
  ...(replyTo ? { replyTo } : {}),
});

/**
 * The contact's own reply address on this ticket, when replies by email are configured and the ticket
 * still takes replies (a closed one does not). Staff alerts carry none: staff answer in the workspace,
 * signed in with two-factor (docs/decisions/020-replies-by-email.md).
 */
const replyAddressFor = (
  replies: ReplyAddressSettings | undefined,
  ticket: TicketForEmail,
  contact: Contact,
): string | undefined =>
  replies && ticket.status !== 'closed'
    ? replyAddressOf(replies, { ticketNumber: ticket.number, userId: contact.id })
    : undefined;

const toStaff = (ticket: TicketForEmail, staff: Staff, email: RenderedEmail): OutgoingEmail => ({
  kind: ticketStaffAlertKind,
  organizationId: ticket.organizationId,
  to: [staff.email],
  ...email,
});

/** The reason the tickets module gives a status change that a reply made. */
const statusChangedByReply = 'reply';

const StatusChange = z.object({ from: TicketStatus, to: TicketStatus, reason: z.string().nullish() });
const SeverityChange = z.object({ from: TicketSeverity, to: TicketSeverity, reason: z.string() });
const Merge = z.object({
  sourceTicketId: z.uuid(),
  targetTicketId: z.uuid(),
  targetNumber: z.number().int(),
});

type TicketEventRow = NonNullable<Awaited<ReturnType<typeof findTicketEvent>>>;

/** Each email one event causes, one per recipient (nobody learns who else was told). */
const emailsOfEvent = async (
  tx: PrivilegedExecutor,
  config: TicketEmailConfig,
  event: TicketEventRow,
  ticket: TicketForEmail,
): Promise<OutgoingEmail[]> => {
  const { publicUrl, replyAddresses } = config;
  /** A contact's email, answerable by email when replies by email are on. */
  const answerable = (contact: Contact, render: (replyByEmail: boolean) => RenderedEmail) => {
    const replyTo = replyAddressFor(replyAddresses, ticket, contact);
    return toContact(ticket, contact, render(replyTo !== undefined), replyTo);
  };
  const contacts = await listContactsOfOrganization(tx, ticket.organizationId);
  const actor = event.actorUserId ? await findPerson(tx, event.actorUserId) : undefined;
  const ticketUrl = portalUrl(publicUrl, 'support', `tickets/${ticket.id}`);
  const reference = { number: ticket.number, subject: ticket.subject };

  switch (event.kind) {
    case 'created': {
      const requesterName =
        contacts.find((contact) => contact.id === ticket.requesterId)?.name ??
        (await findPerson(tx, ticket.requesterId))?.name ??
        '';
      return followersOf(ticket, contacts, null).map((contact) =>
        answerable(contact, (replyByEmail) =>
          ticketReceivedEmail({
            recipientName: contact.name,
            ticket: { ...reference, severity: ticket.severity },
            isRequester: contact.id === ticket.requesterId,
            requesterName,
            ticketUrl,
            replyByEmail,
          }),
        ),
      );
    }
    case 'public_reply': {
      const body = event.body ?? '';
      const authorName = actor?.name ?? 'Our support team';
      const toFollowers = followersOf(ticket, contacts, event.actorUserId).map((contact) =>
        answerable(contact, (replyByEmail) =>
          ticketReplyEmail({
            recipientName: contact.name,
            ticket: reference,
            authorName,
            body,
            ticketUrl,
            replyByEmail,
          }),
        ),
      );
      if (actor?.kind !== 'contact') return toFollowers;
      // A customer's reply: the staff member working the ticket hears of it.
      const assignees = ticket.assigneeUserId
        ? await listActiveStaff(tx, { userId: ticket.assigneeUserId })
        : [];
      const toAssignee = assignees
        .filter((staff) => staffMaySee(staff, ticket))
        .map((staff) =>
          toStaff(
            ticket,
            staff,
            ticketCustomerReplyEmail({
              recipientName: staff.name,
              ticket: reference,
              authorName,
              organizationName: ticket.organizationName,
              body,
              ticketUrl,
            }),
          ),
        );
      return [...toFollowers, ...toAssignee];
    }
    case 'status_changed': {
      const change = StatusChange.parse(event.data);
      // A reply that moves the ticket (the first answer, a customer's answer to a waiting ticket) records
      // the move as reason `reply`: the reply's own email is the news, a second one would repeat it.
      if (change.reason === statusChangedByReply) return [];
      const emails: OutgoingEmail[] = [];
      for (const contact of followersOf(ticket, contacts, event.actorUserId)) {
        // Only the requester rates a ticket: their email carries a single-use rating link.
        const rateUrl =
          change.to === 'solved' && contact.id === ticket.requesterId
            ? await createRatingLink(tx, publicUrl, ticket)
            : null;
        emails.push(
          answerable(contact, (replyByEmail) =>
            ticketStatusChangedEmail({
              recipientName: contact.name,
              ticket: reference,
              ...change,
              ticketUrl,
              rateUrl,
              replyByEmail,
            }),
          ),
        );
      }
      return emails;
    }
    case 'severity_changed': {
      const change = SeverityChange.parse(event.data);
      // Only a raise (1 is the most severe) calls for staff's attention.
      if (change.to >= change.from) return [];
      const assignees = ticket.assigneeUserId
        ? await listActiveStaff(tx, { userId: ticket.assigneeUserId })
        : [];
      const staff =
        assignees.length > 0 ? assignees : await listActiveStaff(tx, { withRole: 'support_agent' });
      return staff
        .filter((member) => member.id !== event.actorUserId && staffMaySee(member, ticket))
        .map((member) =>
          toStaff(
            ticket,
            member,
            ticketSeverityRaisedEmail({
              recipientName: member.name,
              ticket: reference,
              organizationName: ticket.organizationName,
              actorName: actor?.name ?? null,
              ...change,
              ticketUrl,
            }),
          ),
        );
    }
    case 'merged': {
      const merge = Merge.parse(event.data);
      // The event on the duplicate tells its requester; the copy on the target mails nobody.
      if (event.ticketId !== merge.sourceTicketId) return [];
      const requester = followersOf(ticket, contacts, event.actorUserId).find(
        (contact) => contact.id === ticket.requesterId,
      );
      if (!requester) return [];
      const target = await findTicketForEmail(tx, merge.targetTicketId);
      const seesTarget = target !== undefined && contactMaySee(requester, target);
      return [
        toContact(
          ticket,
          requester,
          ticketMergedEmail({
            recipientName: requester.name,
            source: reference,
            target: {
              number: merge.targetNumber,
              subject: seesTarget ? target.subject : null,
              url: seesTarget ? portalUrl(publicUrl, 'support', `tickets/${target.id}`) : null,
            },
          }),
        ),
      ];
    }
    default:
      return [];
  }
};

/** What the emails' job needs: links, and the reply addresses' settings when replies by email are on. */
export interface TicketEmailConfig {
  publicUrl: string;
  replyAddresses?: ReplyAddressSettings | undefined;
}

/** The reply addresses' settings of a configuration: none without an inbound domain. */
export const replyAddressSettingsOf = (inboundEmail: {
  domain: string | undefined;
  keys: readonly string[];
}): ReplyAddressSettings | undefined =>
  inboundEmail.domain ? { domain: inboundEmail.domain, keys: inboundEmail.keys } : undefined;

/** The job: reads the event and its ticket, and queues each email it causes, in one transaction. */
export const notifyTicketEvent = async (
  database: DatabaseAccess,
  config: TicketEmailConfig,
  eventId: number,
): Promise<number> => {
  // A job, with no actor: the privileged path, every read naming this one event's ticket.
  const db = privileged(database);
  return db.transaction(async (tx) => {
    const event = await findTicketEvent(tx, eventId);
    // An internal event never mails anyone, whoever queued its job.
    if (event?.visibility !== 'public') return 0;
    const ticket = await findTicketForEmail(tx, event.ticketId);
    if (!ticket) return 0;
    const emails = await emailsOfEvent(tx, config, event, ticket);
    // Keyed by event and recipient: a run again after a process died with this transaction committed but
    // the job not yet marked done writes none of them twice (decision 042).
    for (const email of emails) {
      await queueEmail(tx, { ...email, dedupeKey: `ticket-event:${eventId}:${email.to.join(',')}` });
    }
    return emails.length;
  });
};

const Payload = z.object({ eventId: z.number().int().positive() });

export const createNotifyTicketEventTask =
  (
    db: DatabaseAccess,
    config: {
      publicUrl?: string | undefined;
      inboundEmail?: { domain: string | undefined; keys: readonly string[] } | undefined;
    },
  ): Task =>
  async (payload) => {
    // Without the public address no link can be written: failing keeps the job for a worker that has it.
    if (!config.publicUrl) throw new Error('The job worker needs the public URL to write ticket links');
    await notifyTicketEvent(
      db,
      {
        publicUrl: config.publicUrl,
        replyAddresses: config.inboundEmail ? replyAddressSettingsOf(config.inboundEmail) : undefined,
      },
      Payload.parse(payload).eventId,
    );
  };
