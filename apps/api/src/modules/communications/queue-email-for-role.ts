import { type EmailKind, recipientsFor } from '@portals/domain';
import type { AnyExecutor } from '../../db/scope';
import { queueEmail } from '../email/outbox';
import { listContactsForEmail } from './repository';

export interface RoleEmail {
  subject: string;
  text: string;
  html?: string;
  /** For a kind about one person (invitation, password reset…): that contact's id. */
  concerning?: string;
  attachments?: { fileName: string; contentType: string; content: Buffer }[];
}

/**
 * Queues `kind` to the organization's contacts whose role it concerns, per their preferences, in the
 * caller's transaction. Returns the outbox id, or null when nobody is to receive it (all opted out).
 */
export const queueEmailForRole = async (
  executor: AnyExecutor,
  organizationId: string,
  kind: EmailKind,
  message: RoleEmail,
): Promise<string | null> => {
  const contacts = await listContactsForEmail(executor, organizationId);
  const to = recipientsFor(kind, contacts, message.concerning);
  if (to.length === 0) return null;
  return queueEmail(executor, {
    kind,
    organizationId,
    to,
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
  });
};
