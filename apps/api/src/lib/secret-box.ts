import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets we must read back (TOTP seeds cannot be hashed) with AES-256-GCM,
 * under a key derived from the server secret for this one purpose.
 */
export const createSecretBox = (serverSecret: string, purpose: string) => {
  const key = createHash('sha256').update(`${purpose}\0${serverSecret}`).digest();
  return {
    seal: (plaintext: string): string => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
    },
    open: (box: string): string => {
      const [iv, tag, sealed] = box.split('.').map((part) => Buffer.from(part, 'base64url'));
      if (!iv || !tag || !sealed) throw new Error('Not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    },
  };
};
