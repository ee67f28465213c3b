import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ParsedMail } from 'mailparser';
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { type ReplyAddressSettings, type ReplyTarget, readReplyAddress } from '../../lib/reply-addresses';
import { type InboundOutcome, InboundRefusal, type InboundReply } from './service';

export interface InboundSmtpOptions {
  host: string;
  port: number;
  /** The largest message accepted, attachments included; SMTP 552 beyond. */
  maxBytes: number;
  replyAddresses: ReplyAddressSettings;
  receive: (reply: InboundReply) => Promise<InboundOutcome>;
  log: FastifyBaseLogger;
}

/** An SMTP answer other than 250, with its status code. */
const smtpError = (responseCode: number, message: string) =>
  Object.assign(new Error(message), { responseCode });

/** A Message-ID is at most this long; a longer one (or none) is replaced by a hash. */
const messageIdMaxLength = 500;

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** What identifies a message across deliveries: its Message-ID, else the hash of its bytes. */
const messageKeyOf = (mail: ParsedMail, raw: Buffer): string => {
  const id = mail.messageId?.trim();
  if (!id) return `sha256:${sha256(raw)}`;
  return id.length <= messageIdMaxLength ? id : `sha256:${sha256(id)}`;
};

/**
 * A failure as the logs show it: its kind and database code only. A query's error message can hold its
 * parameters, the reply's body among them, which the logs never get.
 */
const failureOf = (error: unknown) => {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = (error as { code?: unknown } | undefined)?.code ?? cause?.code;
  return { failure: error instanceof Error ? error.name : typeof error, ...(code ? { code } : {}) };
};

/** Whether a program sent the message (RFC 3834's Auto-Submitted, and the older headers still in use). */
const isAutomatic = (mail: ParsedMail): boolean => {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.trim().toLowerCase() : value === undefined ? undefined : '';
  };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return true;
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return true;
  return ['bulk', 'junk', 'list', 'auto_reply'].includes(header('precedence') ?? '');
};

const fromAddressesOf = (mail: ParsedMail): string[] =>
  (mail.from?.value ?? []).flatMap((address) => (address.address ? [address.address] : []));

/** Reads a message into memory up to `maxBytes` (smtp-server refuses what is larger with 552). */
const readMessage = (stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    stream.on('data', (chunk: Buffer) => {
      length += chunk.length;
      // Past the limit nothing more is kept; the stream is still read to its end, as SMTP requires.
      if (length <= maxBytes) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded ? undefined : Buffer.concat(chunks)));
  });

/**
 * The SMTP listener of replies by email (docs/decisions/020-replies-by-email.md): it takes mail for reply
 * addresses only (one per message; anything else is refused at RCPT with 550), refuses messages over the
 * size limit with 552, and hands each message to `receive`, answering 250 when the reply is on the ticket
 * (or was already), 550 with the reason when it is refused. Refusals are logged without the message body.
 */
export const startInboundSmtp = async (options: InboundSmtpOptions): Promise<SMTPServer> => {
  const { log } = options;
  const targets = new WeakMap<SMTPServerSession, ReplyTarget>();
  // Imported here, not at start: the mail parser alone takes about 25 MB of memory, and only a process
  // that listens for replies needs it.
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([import('smtp-server'), import('mailparser')]);

  const server = new SMTPServer({
    name: options.replyAddresses.domain,
    banner: 'replies to ticket emails',
    // A mail exchanger for our own addresses: no sign-in, and TLS from the mail system in front of it.
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    // Each message is held in memory while it is read and parsed: a few at a time keep the heap in its
    // budget; a mail system turned away (421) tries again shortly.
    maxClients: 4,
    size: options.maxBytes,
    rejectOversized: true,
    logger: false,
    onRcptTo: (address, session, callback) => {
      if (session.envelope.rcptTo.length > 0) {
        // One reply address per message, so that one answer can say what became of it; the sender's
        // mail system sends the others in messages of their own.
        callback(smtpError(452, 'One reply address per message: send the others separately'));
        return;
      }
      const target = readReplyAddress(options.replyAddresses, address.address);
      if (!target) {
        log.warn({ recipient: address.address, reason: 'unknown address' }, 'inbound email refused');
        callback(smtpError(550, 'No such reply address'));
        return;
      }
      targets.set(session, target);
      callback();
    },
    onData: (stream, session, callback) => {
      const recipient = session.envelope.rcptTo[0]?.address ?? '';
      const target = targets.get(session);
      void (async () => {
        const raw = await readMessage(stream, options.maxBytes);
        if (!raw) {
          log.warn({ recipient, reason: 'over the size limit' }, 'inbound email refused');
          // smtp-server answers 552 itself (rejectOversized).
          return smtpError(552, `The message is larger than ${options.maxBytes} bytes`);
        }
        if (!target) return smtpError(503, 'No reply address given');
        const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
        const reply: InboundReply = {
          target,
          fromAddresses: fromAddressesOf(mail),
          messageKey: messageKeyOf(mail, raw),
          text: mail.text ?? '',
          automatic: isAutomatic(mail),
          attachments: mail.attachments
            // Images the HTML shows in place (a signature's logo) are part of its layout, not files sent.
            .filter((attachment) => !attachment.related)
            .map((attachment) => ({
              fileName: attachment.filename ?? 'attachment',
              content: attachment.content,
            })),
        };
        const about = {
          recipient,
          from: reply.fromAddresses,
          messageId: reply.messageKey,
          ticketNumber: target.ticketNumber,
          userId: target.userId,
        };
        try {
          const outcome = await options.receive(reply);
          log.info({ ...about, ...outcome }, 'inbound email reply received');
          return undefined;
        } catch (error) {
          if (error instanceof InboundRefusal) {
            log.warn({ ...about, reason: error.message }, 'inbound email refused');
            return smtpError(error.responseCode, error.message);
          }
          log.error({ ...about, ...failureOf(error) }, 'inbound email failed');
          // A failure of ours: the sender's mail system tries again later.
          return smtpError(451, 'The reply could not be recorded now: try again later');
        }
      })().then(
        (error) => (error ? callback(error) : callback(null, 'Reply received')),
        (error: unknown) => {
          log.error({ recipient, ...failureOf(error) }, 'inbound email could not be read');
          callback(smtpError(451, 'The message could not be read: try again later'));
        },
      );
    },
  });
  server.on('error', (error) => log.error({ err: error }, 'inbound SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
};

export const stopInboundSmtp = (server: SMTPServer): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));
