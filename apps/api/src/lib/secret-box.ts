import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const derive = (purpose: string, key: string) => createHash('sha256').update(`${purpose}\0${key}`).digest();

/** A short public name for a key, stored with each sealed value so reading picks the right key. */
export const secretKeyId = (key: string): string =>
  createHash('sha256').update(`key-id\0${key}`).digest('base64url').slice(0, 8);

/**
 * Encrypts secrets we must read back (TOTP seeds cannot be hashed) with AES-256-GCM, under keys
 * of their own: the first key seals new values, every key opens (so keys can be rotated: put the
 * new one first and keep the old one until every value was rewritten). Each sealed value names its
 * key (`keyId:iv.tag.data`). Values sealed before key ids existed (`iv.tag.data`) were sealed under
 * a key derived from `legacySecret`, which opens them still.
 */
export const createSecretBox = (
  keys: readonly string[],
  options: { purpose: string; legacySecret?: string | undefined },
) => {
  const [newest] = keys;
  if (!newest) throw new Error('A secret box needs at least one key');
  const keysById = new Map(keys.map((key) => [secretKeyId(key), derive(options.purpose, key)]));
  const newestId = secretKeyId(newest);
  const legacyKey = options.legacySecret ? derive(options.purpose, options.legacySecret) : undefined;
  return {
    seal: (plaintext: string): string => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keysById.get(newestId) as Buffer, iv);
      const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
      return `${newestId}:${parts}`;
    },
    open: (box: string): string => {
      const separator = box.indexOf(':');
      const key = separator < 0 ? legacyKey : keysById.get(box.slice(0, separator));
      if (!key) throw new Error('This secret was sealed under a key that is no longer configured');
      const [iv, tag, sealed] = box
        .slice(separator + 1)
        .split('.')
        .map((part) => Buffer.from(part, 'base64url'));
      if (!iv || !tag || !sealed) throw new Error('Not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    },
  };
};
