import type { PortalId } from '@portals/domain';

/** What a template makes: the subject, the plain-text body and its HTML twin. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph, a link with the sentence that leads to it, or words someone wrote, quoted as they are. */
export type EmailBlock = string | { lead: string; url: string } | { quote: string };

/**
 * The first line of an email that may be answered by email (it carries a reply address): what a reply
 * quotes from this line on is the email itself, which the inbound mail cuts (modules/inbound-email).
 */
export const replyAboveMarker = '##- Please type your reply above this line -##';

export interface EmailContent {
  subject: string;
  /** The email may be answered by email: it opens with `replyAboveMarker`. */
  replyByEmail?: boolean;
  /** Whom the email greets by name; none: a plain "Hello,". */
  recipientName?: string | null;
  blocks: readonly EmailBlock[];
}

export const portalNames: Record<PortalId, string> = {
  support: 'Support Portal',
  subscriber: 'Subscriber Portal',
};

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value put into an email's HTML goes through this: what people type is never markup. */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (char) => htmlEntities[char] ?? char);

/** An absolute address in a portal, from PUBLIC_URL: a mail client has no page to resolve a relative one. */
export const portalUrl = (publicUrl: string, portal: PortalId, path: string): string =>
  new URL(`${publicUrl.replace(/\/+$/, '')}/${portal}/${path.replace(/^\/+/, '')}`).toString();

const absoluteUrl = (url: string): string => {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`An email link must be http(s): ${parsed.protocol}`);
  }
  return parsed.toString();
};

const quotedText = (quote: string) =>
  quote
    .split('\n')
    .map((line) => (line.length > 0 ? `> ${line}` : '>'))
    .join('\n');

const textOf = (block: EmailBlock): string => {
  if (typeof block === 'string') return block;
  if ('quote' in block) return quotedText(block.quote);
  return `${block.lead}\n${absoluteUrl(block.url)}`;
};

const htmlOf = (block: EmailBlock): string => {
  if (typeof block === 'string') return `<p>${escapeHtml(block).replaceAll('\n', '<br>\n')}</p>`;
  if ('quote' in block) {
    return `<blockquote style="margin:0 0 16px;padding:0 12px;border-left:3px solid #ccc;white-space:pre-wrap">${escapeHtml(block.quote)}</blockquote>`;
  }
  const url = escapeHtml(absoluteUrl(block.url));
  return `<p>${escapeHtml(block.lead)}<br><a href="${url}">${url}</a></p>`;
};

/** The one layout of every email: the same greeting and blocks as plain text and as escaped HTML. */
export const renderEmail = (content: EmailContent): RenderedEmail => {
  // A subject is one header line, whatever line breaks a ticket's subject holds.
  const subject = content.subject.replace(/\s*[\r\n]+\s*/g, ' ');
  const greeting = content.recipientName ? `Hello ${content.recipientName},` : 'Hello,';
  const marker = content.replyByEmail ? [replyAboveMarker] : [];
  const text = `${[...marker, greeting, ...content.blocks.map(textOf)].join('\n\n')}\n`;
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5;color:#222">',
    ...marker.map((line) => `<p style="color:#888;font-size:12px">${escapeHtml(line)}</p>`),
    `<p>${escapeHtml(greeting)}</p>`,
    ...content.blocks.map(htmlOf),
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
};
