import { eq } from 'drizzle-orm';
import { emailOutbox } from '../../db/schema/index';
import type { AnyExecutor } from '../../db/scope';
import { queueJob } from '../../lib/queue-job';

export interface OutgoingEmail {
  kind: string;
  organizationId?: string | null;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Where answers go (a ticket's reply address), instead of the sender. */
  replyTo?: string;
  attachments?: { fileName: string; contentType: string; content: Buffer }[];
  /**
   * For a writer that may run twice (a job run again after its process died with its work committed): a
   * message with a key already in the outbox is not written again, nor sent.
   */
  dedupeKey?: string;
}

export const sendEmailTask = 'send_email';

/** The outbox row's `headers` key of the reply address. */
export const replyToHeader = 'Reply-To';

/**
 * Many attempts with graphile-worker's capped exponential backoff (at most ~6 h apart): delivery goes on
 * for weeks of SMTP outage before a job gives up; the row stays either way.
 */
export const sendEmailMaxAttempts = 200;

/** One delivery job per outbox row, whoever queues it. */
export const sendEmailJobKey = (outboxId: string) => `email:${outboxId}`;

/**
 * Puts a message in the outbox and queues its delivery, both in the caller's transaction:
 * the message exists exactly when the change that causes it commits. Returns its id (that of the message
 * already there with the same `dedupeKey`, written and queued by an earlier run, if any).
 */
export const queueEmail = async (executor: AnyExecutor, email: OutgoingEmail): Promise<string> => {
  if (email.to.length === 0) throw new Error(`Email "${email.kind}" has no recipient`);
  const [row] = await executor
    .insert(emailOutbox)
    .values({
      kind: email.kind,
      organizationId: email.organizationId ?? null,
      toAddresses: email.to,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html ?? null,
      headers: email.replyTo ? { [replyToHeader]: email.replyTo } : null,
      attachments: email.attachments?.length
        ? email.attachments.map(({ fileName, contentType, content }) => ({
            fileName,
            contentType,
            contentBase64: content.toString('base64'),
          }))
        : null,
      dedupeKey: email.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  if (!row && email.dedupeKey !== undefined) {
    const [earlier] = await executor
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, email.dedupeKey));
    if (earlier) return earlier.id;
  }
  if (!row) throw new Error('The outbox insert returned no row');
  await queueJob(
    executor,
    sendEmailTask,
    { outboxId: row.id },
    { maxAttempts: sendEmailMaxAttempts, jobKey: sendEmailJobKey(row.id) },
  );
  return row.id;
};
