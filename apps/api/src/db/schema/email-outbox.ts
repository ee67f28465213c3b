import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { emailStatus } from './enums';
import { organizations } from './organizations';

export interface OutboxAttachment {
  fileName: string;
  contentType: string;
  /** The file's bytes, base64. */
  contentBase64: string;
}

/** Transactional outbox: written with the change that causes the message, sent by a job. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    kind: text('kind').notNull(),
    toAddresses: text('to_addresses').array().notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    /** Files sent with the message (an invoice's PDF): small, kept with it until it is sent. */
    attachments: jsonb('attachments').$type<OutboxAttachment[]>(),
    status: emailStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    /**
     * What the message is, for a writer that may run twice (a job run again after its process died, its
     * work committed): a second message with the same key is not written. Null: no such writer.
     */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    index('email_outbox_organization_id_idx').on(table.organizationId),
    uniqueIndex('email_outbox_dedupe_key_unique').on(table.dedupeKey),
    index('email_outbox_pending_idx').on(table.createdAt).where(sql`status = 'pending'`),
  ],
);

import { sql } from 'drizzle-orm';
