import { simpleParser } from 'mailparser';
import type { ReceivedMail } from './smtp-test-server';

/**
 * What a receiver got, each delivery keyed by what it is about (a ticket, a reply, a payment, and its
 * recipient) and by its own id (an email's Message-ID, a webhook's delivery id): the shape every
 * "delivered exactly once" check reads, whatever the channel.
 */
export interface Delivery {
  /** What it is about; a key the test expected, or one it did not (delivered for nothing). */
  about: string;
  /** The sender's id of this message: a resend of the same message carries the same one. */
  messageId: string;
}

export interface DeliveryCount {
  expected: number;
  /** Expected keys delivered at least once. */
  delivered: number;
  /** Expected keys never delivered. */
  missing: string[];
  /** Keys delivered more than once. */
  duplicated: { about: string; messageIds: string[] }[];
  /** Deliveries about nothing the test expected. */
  unexpected: string[];
}

/** Compares what was expected with what arrived, key by key. */
export const countDeliveries = (
  expected: Iterable<string>,
  deliveries: readonly Delivery[],
): DeliveryCount => {
  const wanted = new Set(expected);
  const byKey = new Map<string, string[]>();
  const unexpected: string[] = [];
  for (const delivery of deliveries) {
    if (!wanted.has(delivery.about)) {
      unexpected.push(delivery.about);
      continue;
    }
    byKey.set(delivery.about, [...(byKey.get(delivery.about) ?? []), delivery.messageId]);
  }
  return {
    expected: wanted.size,
    delivered: byKey.size,
    missing: [...wanted].filter((key) => !byKey.has(key)),
    duplicated: [...byKey]
      .filter(([, messageIds]) => messageIds.length > 1)
      .map(([about, messageIds]) => ({ about, messageIds })),
    unexpected,
  };
};

export interface ParsedMail {
  to: string[];
  messageId: string;
  subject: string;
  text: string;
}

/** The received emails decoded (headers and text, as a mail client reads them), parsed once each. */
export const parsedMails = () => {
  const parsed = new WeakMap<ReceivedMail, Promise<ParsedMail>>();
  return (mails: readonly ReceivedMail[]): Promise<ParsedMail[]> =>
    Promise.all(
      mails.map((mail) => {
        let result = parsed.get(mail);
        if (!result) {
          result = simpleParser(mail.raw).then((message) => ({
            to: mail.to,
            messageId: message.messageId ?? '',
            subject: message.subject ?? '',
            text: message.text ?? '',
          }));
          parsed.set(mail, result);
        }
        return result;
      }),
    );
};
