import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { TicketReplyRequest } from '@portals/domain';
import { type DatabaseAccess, privileged, scopeOf, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import type { ReplyTarget } from '../../lib/reply-addresses';
import type { BlobStorage } from '../../lib/storage/index';
import { sniffContentType, sniffLength } from '../../lib/uploads/content-sniff';
import { cleanFileName } from '../../lib/uploads/send-blob';
import { findUserById } from '../auth/repository';
import { actorOf } from '../auth/sessions-service';
import type { SlaSettings } from '../sla/service';
import { recordStoredFile, type StoredFile } from '../ticket-attachments/service';
import { appendPublicReply } from '../tickets/service';
import { stripQuotedHistory } from './reply-text';
import { emailReplyRecorded, findVisibleTicketByNumberForUpdate } from './repository';

/** A reply as the listener read it from the message. */
export interface InboundReply {
  /** Whose reply on which ticket: from the reply address, its signature already checked. */
  target: ReplyTarget;
  /** The addresses of the message's From header. */
  fromAddresses: readonly string[];
  /** The Message-ID, or a hash of the message when it has none: a retried delivery has the same. */
  messageKey: string;
  /** The plain text of the message (its HTML turned into text when it has no text part). */
  text: string;
  attachments: readonly { fileName: string; content: Buffer }[];
  /** Sent by a program, not a person (an out-of-office answer, a list): never a reply (RFC 3834). */
  automatic: boolean;
}

/** The most files one reply by email attaches (each is an event and a row, in one transaction). */
export const emailReplyMaxAttachments = 20;

/**
 * A reply refused, with the SMTP status and the reason the sender's mail system reports back; the
 * listener logs it without the message's body.
 */
export class InboundRefusal extends Error {
  constructor(
    /** The SMTP status (the listener adds the matching enhanced status code). */
    readonly responseCode: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'InboundRefusal';
  }
}

const refused = (reason: string, responseCode = 550) => new InboundRefusal(responseCode, reason);

export type InboundOutcome =
  | { outcome: 'added'; ticketId: string; eventId: number; attachments: number }
  | { outcome: 'duplicate'; ticketId: string };

export interface InboundSettings {
  storage: BlobStorage;
  /** The largest attachment a ticket takes (ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes: number;
  /** The SLA clock's settings at the moment a reply is added (the app's clock). */
  sla: () => SlaSettings;
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** What is left of the message once its quoted history is cut, checked as a portal reply's body is. */
const replyBodyOf = (reply: InboundReply): string => {
  const words = stripQuotedHistory(reply.text);
  const body =
    words.length > 0
      ? words
      : reply.attachments.length > 0
        ? `Sent by email with ${reply.attachments.length === 1 ? 'an attachment' : `${reply.attachments.length} attachments`}.`
        : '';
  if (body.length === 0) {
    throw refused('The reply is empty: write your answer above the quoted email');
  }
  const parsed = TicketReplyRequest.safeParse({ body });
  if (!parsed.success) {
    throw refused(`The reply cannot be added: ${parsed.error.issues[0]?.message ?? 'invalid body'}`);
  }
  return parsed.data.body;
};

/** Each attachment into the blob storage, hashed and typed from its content as uploads are. */
const storeAttachments = async (
  reply: InboundReply,
  settings: InboundSettings,
  stored: StoredFile[],
): Promise<void> => {
  if (reply.attachments.length > emailReplyMaxAttachments) {
    throw refused(
      `A reply by email takes at most ${emailReplyMaxAttachments} attachments: add the others in the Support Portal`,
    );
  }
  for (const attachment of reply.attachments) {
    if (attachment.content.length > settings.attachmentMaxBytes) {
      throw refused(
        `The attachment "${cleanFileName(attachment.fileName)}" is larger than ${settings.attachmentMaxBytes} bytes`,
        552,
      );
    }
    const storageKey = randomUUID();
    const { size } = await settings.storage.put(storageKey, Readable.from([attachment.content]));
    stored.push({
      fileName: cleanFileName(attachment.fileName),
      size,
      sha256: createHash('sha256').update(attachment.content).digest('hex'),
      contentType: sniffContentType(attachment.content.subarray(0, sniffLength)),
      storageKey,
    });
  }
};

/**
 * A reply by email becomes its sender's public reply on the ticket, with its attachments, as a reply in
 * the portal would (appendPublicReply: the same status rules), once per message. Refused (InboundRefusal)
 * unless the reply address's person is still an active contact, the message comes from their own address,
 * and they may still see and answer the ticket, which is decided in SQL in their own scope.
 */
export const receiveEmailReply = async (
  database: DatabaseAccess,
  settings: InboundSettings,
  reply: InboundReply,
): Promise<InboundOutcome> => {
  // An out-of-office answer to a ticket email would otherwise land on the ticket as the person's words.
  if (reply.automatic) throw refused('Automatic replies are not added to tickets');
  // The address's person: a look-up by a token's contents, before any scope exists (decision 009).
  const user = await findUserById(privileged(database), reply.target.userId);
  if (user?.kind !== 'contact' || !user.active || !user.organizationId) {
    throw refused('This reply address is no longer valid: answer in the Support Portal');
  }
  const [from, ...others] = reply.fromAddresses;
  if (!from || others.length > 0 || !sameAddress(from, user.email)) {
    throw refused('The sender is not the person this reply address was given to');
  }
  const body = replyBodyOf(reply);
  // As the person themselves: their current roles, no more than a sign-in gives (contacts need no second
  // factor for tickets).
  const actor = actorOf(user, true);
  const scope = scopeOf(actor);

  const stored: StoredFile[] = [];
  const removeStored = () =>
    Promise.allSettled(stored.map((file) => settings.storage.delete(file.storageKey)));
  try {
    await storeAttachments(reply, settings, stored);
    const outcome = await withScope(database, scope, async (tx): Promise<InboundOutcome> => {
      const ticket = await findVisibleTicketByNumberForUpdate(tx, scope, reply.target.ticketNumber);
      if (!ticket) throw refused('You can no longer see this ticket');
      if (await emailReplyRecorded(tx, ticket.id, user.id, reply.messageKey)) {
        return { outcome: 'duplicate', ticketId: ticket.id };
      }
      const event = await appendPublicReply(tx, actor, scope, ticket.id, body, settings.sla(), {
        via: 'email',
        emailMessageId: reply.messageKey,
      });
      for (const file of stored) {
        await recordStoredFile(tx, actor, {
          ticketId: ticket.id,
          organizationId: ticket.organizationId,
          eventId: event.id,
          visibility: 'public',
          file,
        });
      }
      return { outcome: 'added', ticketId: ticket.id, eventId: event.id, attachments: stored.length };
    });
    if (outcome.outcome === 'duplicate') await removeStored();
    return outcome;
  } catch (error) {
    await removeStored();
    if (error instanceof AppError) {
      // The portal's refusals (a closed ticket, no right to answer), told to the sender.
      if (error.code === 'not_found') throw refused('You can no longer see this ticket');
      throw refused(error.message);
    }
    throw error;
  }
};
