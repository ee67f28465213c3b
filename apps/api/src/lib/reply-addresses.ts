import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Reply addresses: `reply+<token>@<INBOUND_EMAIL_DOMAIN>`, one per ticket and recipient. The token holds
 * the ticket's number and the person's id with an HMAC of both, so nobody can make one for another ticket
 * or person, nor alter one; nothing is stored (docs/decisions/020-replies-by-email.md).
 *
 * The token is base32 in lower case: mail systems may change the case of an address's local part, and the
 * local part stays within SMTP's 64 characters (6 + 53).
 */

export interface ReplyAddressSettings {
  domain: string;
  /** The first key signs, every key verifies (rotation: put a new key first). */
  keys: readonly string[];
}

/** Whose reply an address takes: this person's, on this ticket. */
export interface ReplyTarget {
  ticketNumber: number;
  userId: string;
}

const prefix = 'reply+';
/** Bumped if the token's layout ever changes; a token of another version is refused. */
const version = 1;
const macBytes = 10;
const tokenBytes = 1 + 6 + 16 + macBytes;
const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const base32 = (bytes: Buffer): string => {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) output += alphabet[(value << (5 - bits)) & 31];
  return output;
};

const fromBase32 = (text: string): Buffer | undefined => {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const character of text) {
    const index = alphabet.indexOf(character);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
};

/** The MAC names its purpose, so no other signature made with the same key can pass for it. */
const macOf = (key: string, payload: Buffer): Buffer =>
  createHmac('sha256', key).update('ticket-reply-address\n').update(payload).digest().subarray(0, macBytes);

const payloadOf = (target: ReplyTarget): Buffer => {
  if (
    !Number.isSafeInteger(target.ticketNumber) ||
    target.ticketNumber < 0 ||
    target.ticketNumber >= 2 ** 48
  ) {
    throw new Error('A ticket number out of range for a reply address');
  }
  if (!uuidPattern.test(target.userId)) throw new Error('A reply address needs a user id');
  const payload = Buffer.alloc(1 + 6 + 16);
  payload.writeUInt8(version, 0);
  payload.writeUIntBE(target.ticketNumber, 1, 6);
  Buffer.from(target.userId.replaceAll('-', ''), 'hex').copy(payload, 7);
  return payload;
};

/** The reply address of `target` (lower case). */
export const replyAddressOf = (settings: ReplyAddressSettings, target: ReplyTarget): string => {
  const [key] = settings.keys;
  if (!key) throw new Error('No key signs reply addresses');
  const payload = payloadOf(target);
  return `${prefix}${base32(Buffer.concat([payload, macOf(key, payload)]))}@${settings.domain.toLowerCase()}`;
};

const uuidOf = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * Whose reply an address takes, or undefined when it is not one of ours: another domain, no token, a
 * token altered, cut, made with an unknown key or of another version.
 */
export const readReplyAddress = (
  settings: ReplyAddressSettings,
  address: string,
): ReplyTarget | undefined => {
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase();
  if (domain !== settings.domain.toLowerCase() || !local.startsWith(prefix)) return undefined;
  const token = fromBase32(local.slice(prefix.length));
  if (!token || token.length !== tokenBytes || base32(token) !== local.slice(prefix.length)) return undefined;
  const payload = token.subarray(0, tokenBytes - macBytes);
  const mac = token.subarray(tokenBytes - macBytes);
  if (payload.readUInt8(0) !== version) return undefined;
  const signed = settings.keys.some((key) => timingSafeEqual(macOf(key, payload), mac));
  if (!signed) return undefined;
  return { ticketNumber: payload.readUIntBE(1, 6), userId: uuidOf(payload.subarray(7)) };
};
