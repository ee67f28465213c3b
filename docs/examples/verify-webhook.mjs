import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies webhook deliveries from the portals' API: the signature, the timestamp's age and replays.
 * `secret` is the endpoint's secret (`whsec_…`); during a rotation, pass either: each delivery carries
 * a signature per secret in force. Call `verify(headers, rawBody)` with the request's headers (lower-case
 * names, as node:http gives them) and its body exactly as received; it returns the parsed event or throws.
 */
export function createWebhookVerifier(secret, { toleranceSeconds = 300 } = {}) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const seen = new Map(); // "id.timestamp" of accepted deliveries → their timestamp, for the tolerance
  return function verify(headers, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
    const id = headers['webhook-id'];
    const timestamp = headers['webhook-timestamp'];
    const signatures = String(headers['webhook-signature'] ?? '').split(' ');
    if (!id || !/^\d+$/.test(timestamp ?? '')) throw new Error('Missing webhook headers');
    if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
      throw new Error('The timestamp is too old (or too far ahead)');
    }
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
    const valid = signatures.some((signature) => {
      const [version, value] = signature.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!valid) throw new Error('No valid signature');
    for (const [seenKey, seenAt] of seen) if (nowSeconds - seenAt > toleranceSeconds) seen.delete(seenKey);
    if (seen.has(`${id}.${timestamp}`)) throw new Error('A replayed delivery');
    seen.set(`${id}.${timestamp}`, Number(timestamp));
    return JSON.parse(rawBody);
  };
}
