import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32, hotp, verifyTotp } from './totp';

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890" (8-digit values; we use the last 6).
const rfcSecret = encodeBase32(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it('round-trips base32', () => {
    expect(decodeBase32(rfcSecret).toString()).toBe('12345678901234567890');
  });

  it('matches the RFC 6238 test vectors', () => {
    const vectors: [number, string][] = [
      [59, '287082'],
      [1111111109, '081804'],
      [1234567890, '005924'],
      [2000000000, '279037'],
    ];
    for (const [seconds, code] of vectors) {
      expect(hotp(decodeBase32(rfcSecret), Math.floor(seconds / 30))).toBe(code);
      expect(verifyTotp(rfcSecret, code, { at: new Date(seconds * 1000) })).toBe(Math.floor(seconds / 30));
    }
  });

  it('accepts one step of clock drift, refuses two, and never accepts a used step again', () => {
    const at = new Date(1234567890 * 1000);
    const step = Math.floor(1234567890 / 30);
    const previous = hotp(decodeBase32(rfcSecret), step - 1);
    const tooOld = hotp(decodeBase32(rfcSecret), step - 2);
    expect(verifyTotp(rfcSecret, previous, { at })).toBe(step - 1);
    expect(verifyTotp(rfcSecret, tooOld, { at })).toBeNull();
    expect(verifyTotp(rfcSecret, '005924', { at, lastUsedStep: step })).toBeNull();
    expect(verifyTotp(rfcSecret, 'abcdef', { at })).toBeNull();
  });
});
