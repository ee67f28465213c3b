import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AccessClaims } from '../../plugins/access';

/** Long enough to start a download after the click, too short to be worth sharing. */
export const downloadLinkLifetimeMs = 60_000;

/**
 * Tagged into the key and the signed text: a link's token can never pass for an access token (signed
 * with the secret itself, three parts), a one-time token (random, stored hashed) or anything signed later.
 */
const purpose = 'ticket-attachment-download-link';

const keyOf = (jwtSecret: string) => createHash('sha256').update(`${purpose}\0${jwtSecret}`).digest();

interface LinkPayload {
  purpose: typeof purpose;
  ticketId: string;
  attachmentId: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** The holder's session as their access token states it (the session version is checked at use). */
  claims: AccessClaims;
}

const signatureOf = (key: Buffer, encodedPayload: string) =>
  createHmac('sha256', key).update(`${purpose}.${encodedPayload}`).digest();

export interface DownloadLinks {
  sign(
    claims: AccessClaims,
    target: { ticketId: string; attachmentId: string },
    now?: number,
  ): {
    token: string;
    expiresAt: Date;
  };
  /** The holder's claims when `token` is a live link to exactly this attachment, else null. */
  verify(
    token: string,
    target: { ticketId: string; attachmentId: string },
    now?: number,
  ): AccessClaims | null;
}

export const downloadLinks = (jwtSecret: string): DownloadLinks => {
  const key = keyOf(jwtSecret);
  return {
    sign: (claims, target, now = Date.now()) => {
      const expiresAt = now + downloadLinkLifetimeMs;
      const payload: LinkPayload = {
        purpose,
        ticketId: target.ticketId,
        attachmentId: target.attachmentId,
        expiresAt,
        claims,
      };
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return {
        token: `${encoded}.${signatureOf(key, encoded).toString('base64url')}`,
        expiresAt: new Date(expiresAt),
      };
    },
    verify: (token, target, now = Date.now()) => {
      const parts = token.split('.');
      if (parts.length !== 2) return null;
      const [encoded = '', signature = ''] = parts;
      const given = Buffer.from(signature, 'base64url');
      const expected = signatureOf(key, encoded);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let payload: LinkPayload;
      try {
        payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as LinkPayload;
      } catch {
        return null;
      }
      if (payload.purpose !== purpose) return null;
      if (typeof payload.expiresAt !== 'number' || payload.expiresAt <= now) return null;
      if (payload.ticketId !== target.ticketId || payload.attachmentId !== target.attachmentId) return null;
      return payload.claims;
    },
  };
};
