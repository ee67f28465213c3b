import { describe, expect, it } from 'vitest';
import { readReplyAddress, replyAddressOf } from './reply-addresses';

const key = 'a-key-of-at-least-thirty-two-characters-0001';
const otherKey = 'another-key-of-at-least-thirty-two-chars-0002';
const settings = { domain: 'reply.portals.example', keys: [key] };
const ada = { ticketNumber: 1042, userId: '6f1c2a52-7d1e-4b8e-9a43-2f0c5b7d9e11' };

/** The token part of an address. */
const tokenOf = (address: string) => address.slice('reply+'.length, address.indexOf('@'));
const withToken = (token: string) => `reply+${token}@${settings.domain}`;

describe('reply addresses', () => {
  it("name the ticket and the person they were made for, and fit SMTP's 64-character local part", () => {
    const address = replyAddressOf(settings, ada);
    expect(address).toMatch(/^reply\+[a-z2-7]+@reply\.portals\.example$/);
    expect(address.indexOf('@')).toBeLessThanOrEqual(64);
    expect(readReplyAddress(settings, address)).toEqual(ada);
  });

  it('are read whatever case a mail system gave them', () => {
    expect(readReplyAddress(settings, replyAddressOf(settings, ada).toUpperCase())).toEqual(ada);
  });

  it('differ per ticket and per person', () => {
    const other = { ticketNumber: 1043, userId: ada.userId };
    const colleague = { ticketNumber: 1042, userId: '0b9d7c1e-3f5a-4c2b-8e6d-1a2b3c4d5e6f' };
    const addresses = new Set([ada, other, colleague].map((target) => replyAddressOf(settings, target)));
    expect(addresses.size).toBe(3);
  });

  it('refuse every altered character of the token', () => {
    const token = tokenOf(replyAddressOf(settings, ada));
    for (let index = 0; index < token.length; index += 1) {
      const changed = token[index] === 'a' ? 'b' : 'a';
      const altered = `${token.slice(0, index)}${changed}${token.slice(index + 1)}`;
      expect(readReplyAddress(settings, withToken(altered)), `character ${index}`).toBeUndefined();
    }
  });

  it("cannot be moved to another ticket: one ticket's signature on another's number is refused", () => {
    const mine = tokenOf(replyAddressOf(settings, ada));
    const theirs = tokenOf(replyAddressOf(settings, { ...ada, ticketNumber: 2001 }));
    // The other ticket's payload with this address's signature, and the reverse.
    const payloadLength = Math.floor(((1 + 6 + 16) * 8) / 5);
    expect(
      readReplyAddress(settings, withToken(theirs.slice(0, payloadLength) + mine.slice(payloadLength))),
    ).toBeUndefined();
    expect(
      readReplyAddress(settings, withToken(mine.slice(0, payloadLength) + theirs.slice(payloadLength))),
    ).toBeUndefined();
  });

  it('refuse a token made with another key, cut short, lengthened, or at another domain', () => {
    const forged = replyAddressOf({ ...settings, keys: [otherKey] }, ada);
    expect(readReplyAddress(settings, forged)).toBeUndefined();
    const token = tokenOf(replyAddressOf(settings, ada));
    expect(readReplyAddress(settings, withToken(token.slice(0, -1)))).toBeUndefined();
    expect(readReplyAddress(settings, withToken(`${token}a`))).toBeUndefined();
    expect(readReplyAddress(settings, `reply+${token}@elsewhere.example`)).toBeUndefined();
    expect(readReplyAddress(settings, `support+${token}@${settings.domain}`)).toBeUndefined();
    expect(readReplyAddress(settings, 'reply+@reply.portals.example')).toBeUndefined();
    expect(readReplyAddress(settings, 'not an address')).toBeUndefined();
  });

  it('are still read after a key rotation while the old key is kept second', () => {
    const before = replyAddressOf(settings, ada);
    const rotated = { ...settings, keys: [otherKey, key] };
    expect(readReplyAddress(rotated, before)).toEqual(ada);
    expect(readReplyAddress(rotated, replyAddressOf(rotated, ada))).toEqual(ada);
    expect(readReplyAddress({ ...settings, keys: [otherKey] }, before)).toBeUndefined();
  });
});
