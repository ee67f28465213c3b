import { eq, sql } from 'drizzle-orm';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { emailOutbox } from '../../db/schema/index';
import { type DatabaseAccess, privileged } from '../../db/scope';
import { replyToHeader } from './outbox';
import type { MailTransport } from './transport';

const Payload = z.object({ outboxId: z.uuid() });

/**
 * Delivers one outbox message. A failure records the error on the row and rethrows,
 * so the queue retries with backoff; a message already sent is not sent again.
 */
export const createSendEmailTask =
  (database: DatabaseAccess, transport: MailTransport, from: string): Task =>
  async (payload, helpers) => {
    // A job, for mail of every organization: the privileged path.
    const db = privileged(database);
    const { outboxId } = Payload.parse(payload);
    const [message] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId));
    if (!message) {
      helpers.logger.warn(`Outbox message ${outboxId} no longer exists`);
      return;
    }
    if (message.status === 'sent') return;
    const messageId = `<${message.id}@portals.example>`;
    const replyTo = message.headers?.[replyToHeader];
    try {
      await transport.send({
        from,
        to: message.toAddresses,
        subject: message.subject,
        text: message.textBody,
        ...(message.htmlBody ? { html: message.htmlBody } : {}),
        ...(replyTo ? { replyTo } : {}),
        ...(message.attachments?.length
          ? {
              attachments: message.attachments.map((attachment) => ({
                filename: attachment.fileName,
                contentType: attachment.contentType,
                content: Buffer.from(attachment.contentBase64, 'base64'),
              })),
            }
          : {}),
        messageId,
      });
    } catch (error) {
      await db
        .update(emailOutbox)
        .set({
          attempts: sql`${emailOutbox.attempts} + 1`,
          lastError: String((error as Error).message ?? error),
        })
        .where(eq(emailOutbox.id, outboxId));
      throw error;
    }
    await db
      .update(emailOutbox)
      .set({
        status: 'sent',
        attempts: sql`${emailOutbox.attempts} + 1`,
        sentAt: new Date(),
        messageId,
        lastError: null,
      })
      .where(eq(emailOutbox.id, outboxId));
  };
