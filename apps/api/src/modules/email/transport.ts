import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  messageId: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

export interface MailTransport {
  describe: string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * How long a mail server may keep us waiting (nodemailer waits minutes by default): a server
 * that hangs fails the attempt, and the job is retried with backoff instead of held.
 */
export const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Real delivery over SMTP (SMTP_URL), over a few kept-open connections: each message costs its own
 * commands only, not a connection, a greeting and a handshake (a backlog after an outage or a restart
 * drains in seconds instead of minutes: docs/decisions/042-recovery-from-crashes-and-outages.md).
 */
export const smtpTransport = (smtpUrl: string): MailTransport => {
  const transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, ...smtpTimeouts });
  return {
    describe: `SMTP ${new URL(smtpUrl).host}`,
    send: async (message) => {
      await transporter.sendMail(message);
    },
    close: () => transporter.close(),
  };
};

/** The development sink: each message becomes a .eml file any mail client opens. */
export const fileSinkTransport = (directory: string): MailTransport => {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: `files in ${directory}`,
    send: async (message) => {
      const info = await builder.sendMail(message);
      await mkdir(directory, { recursive: true });
      const stamp = new Date().toISOString().replaceAll(':', '-');
      const name = `${stamp}-${message.messageId.replace(/[^a-z0-9-]/gi, '')}.eml`;
      await writeFile(path.join(directory, name), info.message as Buffer);
    },
    close: () => builder.close(),
  };
};
