import { expect } from 'vitest';
import type { ReceivedMail, SmtpTestServer } from '../apps/api/test/smtp-test-server';

/**
 * A received message's headers (unfolded, names lower-cased) and text body, decoded from its transfer
 * encoding; of a multipart message (plain text with an HTML twin), the plain-text part.
 */
export const parseMail = (raw: string): { headers: Record<string, string>; text: string } => {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const boundary = /^multipart\/.*boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (boundary) {
    const parts = body
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => parseMail(part.replace(/^\r?\n/, '')));
    const plain = parts.find((part) =>
      (part.headers['content-type'] ?? 'text/plain').startsWith('text/plain'),
    );
    return { headers, text: plain?.text ?? '' };
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let text = body;
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, text };
};

/** Every message to `to` with `subject`, once the product has delivered at least one. */
export const waitForMails = async (smtp: SmtpTestServer, to: string, subject: string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.received
      .filter((mail: ReceivedMail) => mail.to.includes(to))
      .map((mail) => parseMail(mail.raw))
      .filter((mail) => mail.headers.subject === subject);
    if (found.length > 0) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `No "${subject}" to ${to} within ${timeoutMs} ms; received: ${JSON.stringify(
          smtp.received.map((mail) => ({ to: mail.to, subject: parseMail(mail.raw).headers.subject })),
        )}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** The message to `to` with `subject`, once the product has delivered it. */
export const waitForMail = async (smtp: SmtpTestServer, to: string, subject: string, timeoutMs = 15_000) => {
  const [first] = await waitForMails(smtp, to, subject, timeoutMs);
  if (!first) throw new Error(`No "${subject}" to ${to}`);
  return first;
};

export const setPasswordLinkIn = (
  text: string,
  baseUrl: string,
  portal: 'subscriber' | 'support',
): string => {
  const link = text.match(/https?:\/\/\S+\/(?:subscriber|support)\/set-password\?token=[\w-]+/)?.[0];
  expect(link, `a set-password link in:\n${text}`).toBeDefined();
  expect(link?.startsWith(`${baseUrl}/${portal}/set-password?token=`)).toBe(true);
  return link ?? '';
};
