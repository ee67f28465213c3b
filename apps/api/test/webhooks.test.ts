import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
} from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
// The verifier docs/webhooks.md shows, run here against real deliveries.
import { createWebhookVerifier } from '../../../docs/examples/verify-webhook.mjs';
import { webhookEndpoints } from '../src/db/schema/index';
import { webhookRetryDelayMs } from '../src/modules/webhooks/delivery';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';
import type { ReceivedWebhook } from './webhook-receiver';
import { deliveriesOf, registerWebhook, runWebhookRetriesNow, useWebhookReceiver } from './webhooks';

const config = testConfig({ WEBHOOK_PRIVATE_TARGETS: 'allowed', PUBLIC_URL: 'https://portals.example' });

describe('webhooks: endpoints, signed deliveries, retries and disabling', () => {
  const context = useTestApp({ config });
  const mail = useMailDelivery(
    () => context.database,
    () => config,
  );
  const receiver = useWebhookReceiver();
  let main: TestUser;
  let technical: TestUser;
  let admin: TestUser;
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'premium' });
    main = await context.factories.contact({ organizationId, roles: ['main'] });
    technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    admin = await context.factories.staff({ roles: ['admin'] });
  });

  const ping = async (endpointId: string) => {
    const response = await context.as(main).post(`/v1/webhooks/${endpointId}/pings`);
    expect(response.statusCode, response.body).toBe(202);
    return WebhookDelivery.parse(response.json());
  };
  const receivedFor = async (deliveryId: string, count = 1): Promise<ReceivedWebhook[]> => {
    const matching = () =>
      receiver.received.filter((request) => request.headers['webhook-id'] === deliveryId);
    await waitUntil(
      `${count} request(s) of delivery ${deliveryId} arrived`,
      () => matching().length >= count,
    );
    return matching();
  };

  describe('managing endpoints', () => {
    it('registers an endpoint for the main contact, showing its secret once and storing it sealed', async () => {
      const created = await registerWebhook(context.as(main), {
        url: receiver.url('/manage'),
        description: 'Our ticket bridge',
        eventTypes: ['ticket.created', 'ticket.solved'],
      });
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(created.endpoint).toMatchObject({
        url: receiver.url('/manage'),
        description: 'Our ticket bridge',
        eventTypes: ['ticket.created', 'ticket.solved'],
        status: 'enabled',
        organizationId,
      });
      const read = await context.as(main).get(`/v1/webhooks/${created.endpoint.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.body).not.toContain(created.secret);
      const list = WebhookEndpointList.parse((await context.as(main).get('/v1/webhooks')).json());
      expect(list.items.map((item) => item.id)).toContain(created.endpoint.id);
      expect(JSON.stringify(list)).not.toContain(created.secret);
      const [stored] = await context.database.db
        .select()
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, created.endpoint.id));
      expect(JSON.stringify(stored)).not.toContain(created.secret.slice(6));
    });

    it('changes, disables, enables and deletes an endpoint', async () => {
      const { endpoint } = await registerWebhook(context.as(main), { url: receiver.url('/change') });
      const changed = await context.as(main).patch(`/v1/webhooks/${endpoint.id}`, {
        description: 'Renamed',
        eventTypes: ['invoice.issued'],
        enabled: false,
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(WebhookEndpoint.parse(changed.json())).toMatchObject({
        description: 'Renamed',
        eventTypes: ['invoice.issued'],
        status: 'disabled',
      });
      const refusedPing = await context.as(main).post(`/v1/webhooks/${endpoint.id}/pings`);
      expect(refusedPing.statusCode).toBe(409);
      const enabled = await context.as(main).patch(`/v1/webhooks/${endpoint.id}`, { enabled: true });
      expect(WebhookEndpoint.parse(enabled.json()).status).toBe('enabled');
      expect((await context.as(main).delete(`/v1/webhooks/${endpoint.id}`)).statusCode).toBe(204);
      expect((await context.as(main).get(`/v1/webhooks/${endpoint.id}`)).statusCode).toBe(404);
    });

    it('refuses a technical contact, and keeps vendor-wide endpoints apart from organizations’', async () => {
      const refused = await context.as(technical).post('/v1/webhooks', {
        url: receiver.url('/technical'),
        eventTypes: ['ticket.created'],
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect((await context.as(technical).get('/v1/webhooks')).statusCode).toBe(403);

      const vendorWide = await registerWebhook(context.as(admin), { url: receiver.url('/vendor') });
      expect(vendorWide.endpoint.organizationId).toBeNull();
      const organizations = await registerWebhook(context.as(main), { url: receiver.url('/org') });
      // Each sees only their own kind: 404, never the other's endpoint.
      expect((await context.as(main).get(`/v1/webhooks/${vendorWide.endpoint.id}`)).statusCode).toBe(404);
      expect((await context.as(admin).get(`/v1/webhooks/${organizations.endpoint.id}`)).statusCode).toBe(404);
      const adminList = WebhookEndpointList.parse((await context.as(admin).get('/v1/webhooks')).json());
      expect(adminList.items.every((item) => item.organizationId === null)).toBe(true);
    });

    it('lets an API token manage webhooks only when it carries the permission', async () => {
      const withScope = await context.factories.apiToken(main, { scopes: ['webhook:manage:org'] });
      const without = await context.factories.apiToken(main, { scopes: ['ticket:read:org'] });
      expect((await context.asToken(without.token).get('/v1/webhooks')).statusCode).toBe(403);
      const created = await context.asToken(withScope.token).post('/v1/webhooks', {
        url: receiver.url('/token'),
        eventTypes: ['ticket.created'],
      });
      expect(created.statusCode, created.body).toBe(201);
    });
  });

  describe('signatures (the docs’ verifier against real deliveries)', () => {
    it('verifies a ping signed with the secret, and refuses a wrong secret, an old timestamp and a replay', async () => {
      const { endpoint, secret } = await registerWebhook(context.as(main), { url: receiver.url('/sign') });
      const delivery = await ping(endpoint.id);
      const [request] = await receivedFor(delivery.id);
      if (!request) throw new Error('no request');
      expect(request.headers['webhook-id']).toBe(delivery.id);
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

      const verify = createWebhookVerifier(secret);
      const event = verify(request.headers, request.rawBody);
      expect(event).toMatchObject({ type: 'ping', data: { endpointId: endpoint.id } });

      // The same request again: a replay.
      expect(() => verify(request.headers, request.rawBody)).toThrow(/replayed/);
      // Another endpoint's secret.
      const other = await registerWebhook(context.as(main), { url: receiver.url('/sign-other') });
      expect(() => createWebhookVerifier(other.secret)(request.headers, request.rawBody)).toThrow(
        /No valid signature/,
      );
      // A body changed on the way.
      expect(() =>
        createWebhookVerifier(secret)(request.headers, request.rawBody.replace('ping', 'pong')),
      ).toThrow(/No valid signature/);
      // Six minutes after it was signed: too old.
      const signedAt = Number(request.headers['webhook-timestamp']);
      expect(() => createWebhookVerifier(secret)(request.headers, request.rawBody, signedAt + 360)).toThrow(
        /too old/,
      );
    });

    it('signs with both secrets during a rotation’s overlap, and with the new one only after it', async () => {
      const { endpoint, secret: oldSecret } = await registerWebhook(context.as(main), {
        url: receiver.url('/rotate'),
      });
      const rotated = await context.as(main).post(`/v1/webhooks/${endpoint.id}/secret-rotations`);
      expect(rotated.statusCode, rotated.body).toBe(201);
      const { secret: newSecret, endpoint: afterRotation } = WebhookEndpointWithSecret.parse(rotated.json());
      expect(newSecret).not.toBe(oldSecret);
      expect(afterRotation.previousSecretExpiresAt).not.toBeNull();

      const [during] = await receivedFor((await ping(endpoint.id)).id);
      if (!during) throw new Error('no request');
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(createWebhookVerifier(oldSecret)(during.headers, during.rawBody)).toMatchObject({
        type: 'ping',
      });
      expect(createWebhookVerifier(newSecret)(during.headers, during.rawBody)).toMatchObject({
        type: 'ping',
      });

      // The overlap ends (its 24 hours, moved into the past rather than waited for).
      await context.database.db
        .update(webhookEndpoints)
        .set({ previousSecretExpiresAt: sql`now() - interval '1 second'` })
        .where(eq(webhookEndpoints.id, endpoint.id));
      const [after] = await receivedFor((await ping(endpoint.id)).id);
      if (!after) throw new Error('no request');
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(createWebhookVerifier(newSecret)(after.headers, after.rawBody)).toMatchObject({ type: 'ping' });
      expect(() => createWebhookVerifier(oldSecret)(after.headers, after.rawBody)).toThrow(
        /No valid signature/,
      );
    });

    it('shows in docs/webhooks.md exactly the verifier these tests run', () => {
      const root = path.resolve(import.meta.dirname, '../../..');
      const docs = readFileSync(path.join(root, 'docs/webhooks.md'), 'utf8');
      const verifier = readFileSync(path.join(root, 'docs/examples/verify-webhook.mjs'), 'utf8');
      expect(docs).toContain(verifier.trim());
    });
  });

  describe('retries', () => {
    it('retries a failing delivery with growing waits until it succeeds, logging each attempt', async () => {
      const { endpoint } = await registerWebhook(context.as(main), { url: receiver.url('/retry') });
      let calls = 0;
      receiver.answer = ({ headers }) => {
        if (headers['x-receiver-path'] !== '/retry') return 200;
        calls += 1;
        return calls <= 2 ? 500 : 200;
      };
      try {
        const delivery = await ping(endpoint.id);
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          await waitUntil(`attempt ${attempt} is logged`, async () => {
            const [logged] = (await deliveriesOf(context.as(main), endpoint.id)).filter(
              (item) => item.id === delivery.id,
            );
            return (logged?.attempts.length ?? 0) >= attempt;
          });
          await runWebhookRetriesNow(context.database);
        }
        const [logged] = (await deliveriesOf(context.as(main), endpoint.id)).filter(
          (item) => item.id === delivery.id,
        );
        expect(logged?.status).toBe('succeeded');
        expect(logged?.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
        expect(logged?.attempts[0]?.responseExcerpt).toBe('failing with 500');
        const waits = (logged?.attempts ?? [])
          .slice(0, 2)
          .map((attempt) => Date.parse(attempt.nextAttemptAt ?? '') - Date.parse(attempt.attemptedAt));
        // Scheduled 30 s, then 60 s after the attempt (a little more: the time it took to log it).
        expect(waits[0]).toBeGreaterThanOrEqual(webhookRetryDelayMs(1));
        expect(waits[1]).toBeGreaterThanOrEqual(webhookRetryDelayMs(2));
        expect(waits[1] ?? 0).toBeGreaterThan(waits[0] ?? 0);
        expect(logged?.attempts[2]?.nextAttemptAt).toBeNull();
        expect(receiver.at('/retry')).toHaveLength(3);
      } finally {
        receiver.answer = () => 200;
      }
    });

    it('sends what waited while an endpoint was disabled as soon as it is enabled again', async () => {
      const { endpoint } = await registerWebhook(context.as(main), { url: receiver.url('/paused') });
      receiver.answer = ({ headers }) => (headers['x-receiver-path'] === '/paused' ? 503 : 200);
      try {
        const delivery = await ping(endpoint.id);
        await waitUntil('the first attempt failed', async () => {
          const [logged] = (await deliveriesOf(context.as(main), endpoint.id)).filter(
            (item) => item.id === delivery.id,
          );
          return (logged?.attempts.length ?? 0) >= 1;
        });
        const disabled = await context.as(main).patch(`/v1/webhooks/${endpoint.id}`, { enabled: false });
        expect(disabled.statusCode, disabled.body).toBe(200);
        receiver.answer = () => 200;
        // Its retry is 30 s away: enabling queues it now.
        const enabled = await context.as(main).patch(`/v1/webhooks/${endpoint.id}`, { enabled: true });
        expect(enabled.statusCode, enabled.body).toBe(200);
        await waitUntil('the waiting delivery arrives', async () => {
          const [logged] = (await deliveriesOf(context.as(main), endpoint.id)).filter(
            (item) => item.id === delivery.id,
          );
          return logged?.status === 'succeeded';
        });
        expect(receiver.at('/paused').map((request) => request.status)).toEqual([503, 200]);
      } finally {
        receiver.answer = () => 200;
      }
    });

    it('waits longer after each failure, up to 6 hours, for three days', () => {
      const delays = Array.from({ length: 12 }, (_, index) => webhookRetryDelayMs(index + 1));
      expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
      expect(Math.max(...delays)).toBe(6 * 3_600_000);
    });

    it('redelivers a delivery on request', async () => {
      const { endpoint } = await registerWebhook(context.as(main), { url: receiver.url('/redeliver') });
      const delivery = await ping(endpoint.id);
      await receivedFor(delivery.id);
      await waitUntil('the delivery is logged as succeeded', async () =>
        (await deliveriesOf(context.as(main), endpoint.id)).some(
          (item) => item.id === delivery.id && item.status === 'succeeded',
        ),
      );
      const again = await context
        .as(main)
        .post(`/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliveries`);
      expect(again.statusCode, again.body).toBe(202);
      const requests = await receivedFor(delivery.id, 2);
      expect(requests[1]?.rawBody).toBe(requests[0]?.rawBody);
      expect(requests[1]?.headers['webhook-timestamp']).toBeDefined();
    });

    it('disables an endpoint whose every attempt failed for three days, and emails its owner', async () => {
      const { endpoint } = await registerWebhook(context.as(main), { url: receiver.url('/always-failing') });
      receiver.answer = ({ headers }) => (headers['x-receiver-path'] === '/always-failing' ? 503 : 200);
      try {
        const first = await ping(endpoint.id);
        await waitUntil('the first attempt failed', async () =>
          (await deliveriesOf(context.as(main), endpoint.id)).some(
            (item) => item.id === first.id && item.attempts.length === 1,
          ),
        );
        expect(
          WebhookEndpoint.parse((await context.as(main).get(`/v1/webhooks/${endpoint.id}`)).json()).status,
        ).toBe('enabled');
        // Three days of failures, moved into the past rather than waited for.
        await context.database.db
          .update(webhookEndpoints)
          .set({ failingSince: sql`now() - interval '72 hours 1 minute'` })
          .where(eq(webhookEndpoints.id, endpoint.id));
        await runWebhookRetriesNow(context.database);
        await waitUntil('the endpoint is disabled', async () => {
          const read = WebhookEndpoint.parse(
            (await context.as(main).get(`/v1/webhooks/${endpoint.id}`)).json(),
          );
          return read.status === 'failing';
        });
        await waitUntil('the owner was emailed', () =>
          mail.smtp.received.some(
            (message) =>
              message.to.includes(main.email) && message.raw.includes('was disabled after failing'),
          ),
        );
        const message = mail.smtp.received.find((received) => received.to.includes(main.email));
        expect(message?.raw).toContain('/subscriber/webhooks');
        const failed = receiver.at('/always-failing').length;
        // Disabled: nothing more is sent, even when the retry comes due.
        await runWebhookRetriesNow(context.database);
        expect((await context.as(main).post(`/v1/webhooks/${endpoint.id}/pings`)).statusCode).toBe(409);
        expect(receiver.at('/always-failing').length).toBe(failed);
      } finally {
        receiver.answer = () => 200;
      }
    });
  });
});
