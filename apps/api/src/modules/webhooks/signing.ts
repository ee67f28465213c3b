import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import { createSecretBox } from '../../lib/secret-box';

/** Secrets look like Standard Webhooks': `whsec_` and the base64 of the key's 32 random bytes. */
const secretPrefix = 'whsec_';

export const newWebhookSecret = (): string => `${secretPrefix}${randomBytes(32).toString('base64')}`;

/** Sealed under the two-factor keys (rotated the same way), with a purpose of their own. */
export const webhookSecretBox = (config: Pick<Config, 'totpEncryptionKeys'>) =>
  createSecretBox(config.totpEncryptionKeys, { purpose: 'webhook-secret' });

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the secret's key bytes. */
export const signWebhook = (secret: string, id: string, timestamp: number, body: string): string => {
  const key = Buffer.from(secret.slice(secretPrefix.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
};

/** The headers of one attempt: every secret that signs now (two during a rotation's overlap). */
export const webhookHeaders = (
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> => ({
  'content-type': 'application/json',
  'user-agent': 'Portals-Webhooks/1',
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': secrets.map((secret) => signWebhook(secret, id, timestamp, body)).join(' '),
});
