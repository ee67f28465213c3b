import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDelivery } from '@portals/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEndpoints } from '../src/db/schema/index';
import { postToCheckedTarget, sendWebhook } from '../src/modules/webhooks/send';
import { webhookSecretBox } from '../src/modules/webhooks/signing';
import { checkWebhookTarget, refusedAddressReason } from '../src/modules/webhooks/target-address';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';
import { deliveriesOf, useWebhookReceiver } from './webhooks';

/** The production rule: WEBHOOK_PRIVATE_TARGETS left at `refused`. */
const config = testConfig({ PUBLIC_URL: 'https://portals.example' });

const refusedAddresses = [
  ['0.0.0.0/8', '0.0.0.0'],
  ['0.0.0.0/8', '0.1.2.3'],
  ['10/8', '10.0.0.1'],
  ['10/8', '10.255.255.254'],
  ['loopback', '127.0.0.1'],
  ['loopback', '127.53.0.1'],
  ['100.64/10', '100.64.0.1'],
  ['100.64/10', '100.127.255.254'],
  ['link-local', '169.254.0.1'],
  ['cloud metadata', '169.254.169.254'],
  ['172.16/12', '172.16.0.1'],
  ['172.16/12', '172.31.255.254'],
  ['192.168/16', '192.168.1.1'],
  ['IPv6 loopback', '::1'],
  ['IPv6 unspecified', '::'],
  ['fc00::/7', 'fc00::1'],
  ['fc00::/7', 'fd12:3456::1'],
  ['fe80::/10', 'fe80::1'],
  ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
  ['IPv4-mapped loopback, hex', '::ffff:7f00:1'],
  ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
  ['IPv4-mapped private', '::ffff:10.0.0.1'],
  ['IPv4-compatible loopback', '::127.0.0.1'],
  ['NAT64 metadata', '64:ff9b::a9fe:a9fe'],
  ['6to4 private', '2002:c0a8:101::1'],
] as const;

describe('where webhooks may go: public addresses only (SSRF)', () => {
  const context = useTestApp({ config });
  const mail = useMailDelivery(
    () => context.database,
    () => config,
  );
  const receiver = useWebhookReceiver();
  let main: TestUser;

  beforeAll(async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    main = await context.factories.contact({ organizationId, roles: ['main'] });
  });

  it.each(refusedAddresses)('refuses %s (%s)', (_range, address) => {
    expect(refusedAddressReason(address)).toMatch(/not a public address/);
  });

  it('accepts public addresses, next to the refused ranges', () => {
    for (const address of [
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '192.169.0.1',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
    ]) {
      expect(refusedAddressReason(address), address).toBeNull();
    }
  });

  it.each(refusedAddresses)('refuses to register an endpoint at %s (%s)', async (_range, address) => {
    const host = address.includes(':') ? `[${address}]` : address;
    const response = await context.as(main).post('/v1/webhooks', {
      url: `https://${host}/hooks`,
      eventTypes: ['ticket.created'],
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.url', message: expect.stringMatching(/not a public address/) }],
    });
  });

  it('refuses a host name that resolves to a private address, plain http and credentials in the URL', async () => {
    const attempt = (url: string) =>
      context.as(main).post('/v1/webhooks', { url, eventTypes: ['ticket.created'] });
    const localhost = await attempt('https://localhost/hooks');
    expect(localhost.statusCode).toBe(400);
    expect(localhost.json().detail).toMatch(/localhost resolves to .*not a public address/);
    const plain = await attempt('http://8.8.8.8/hooks');
    expect(plain.statusCode).toBe(400);
    expect(plain.json().detail).toMatch(/must use https/);
    const credentials = await attempt('https://user:secret@8.8.8.8/hooks');
    expect(credentials.statusCode).toBe(400);
    expect(credentials.json().detail).toMatch(/credentials/);
    const changed = await context.as(main).get('/v1/webhooks');
    expect(changed.json().items).toEqual([]);
  });

  it('checks again at delivery: a host that now resolves to a private address gets nothing', async () => {
    // As if the host had resolved to a public address at registration and to loopback since (a
    // rebinding): the row is written directly, where the API would have refused it.
    const [endpoint] = await context.database.db
      .insert(webhookEndpoints)
      .values({
        organizationId: main.claims.org ?? '',
        ownerUserId: main.id,
        url: `https://localhost:${receiver.port}/rebound`,
        eventTypes: ['ticket.created'],
        secretSealed: webhookSecretBox(config).seal('whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY='),
      })
      .returning();
    if (!endpoint) throw new Error('no endpoint');
    const pinged = await context.as(main).post(`/v1/webhooks/${endpoint.id}/pings`);
    expect(pinged.statusCode, pinged.body).toBe(202);
    const delivery = WebhookDelivery.parse(pinged.json());
    await waitUntil('the refused attempt is logged', async () =>
      (await deliveriesOf(context.as(main), endpoint.id)).some(
        (item) => item.id === delivery.id && item.attempts.length === 1,
      ),
    );
    const [logged] = (await deliveriesOf(context.as(main), endpoint.id)).filter(
      (item) => item.id === delivery.id,
    );
    expect(logged?.attempts[0]).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/localhost resolves to .*not a public address/),
    });
    expect(logged?.status).toBe('pending');
    expect(receiver.at('/rebound')).toEqual([]);
    expect(mail.smtp.received).toEqual([]);
  });

  it('connects to the address it checked, whatever the host name would resolve to now', async () => {
    const outcome = await postToCheckedTarget(
      {
        url: new URL(`http://rebinding.invalid:${receiver.port}/pinned`),
        address: '127.0.0.1',
        family: 4,
      },
      { 'content-type': 'application/json' },
      '{}',
    );
    expect(outcome.statusCode).toBe(200);
    expect(receiver.at('/pinned')[0]?.headers.host).toBe(`rebinding.invalid:${receiver.port}`);
  });

  describe('answers', () => {
    const requests: string[] = [];
    let server: http.Server;
    let port = 0;
    beforeAll(async () => {
      server = http.createServer((request, response) => {
        requests.push(request.url ?? '');
        request.resume();
        if (request.url === '/redirect') {
          response.writeHead(302, { location: '/elsewhere' }).end('moved');
        } else if (request.url === '/large') {
          response.writeHead(200).end('é'.repeat(5000));
        } else {
          response.writeHead(200).end('elsewhere');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const allowLocal = { allowPrivateTargets: true };

    it('follows no redirect: a 302 is a failed attempt', async () => {
      const outcome = await sendWebhook(`http://127.0.0.1:${port}/redirect`, allowLocal, {}, '{}');
      expect(outcome).toMatchObject({ statusCode: 302, responseExcerpt: 'moved', responseTruncated: false });
      expect(requests).toEqual(['/redirect']);
    });

    it('keeps at most 1 KB of an answer, marked as cut', async () => {
      const outcome = await sendWebhook(`http://127.0.0.1:${port}/large`, allowLocal, {}, '{}');
      expect(outcome.statusCode).toBe(200);
      expect(outcome.responseTruncated).toBe(true);
      expect(Buffer.byteLength(outcome.responseExcerpt)).toBeLessThanOrEqual(1024);
      expect(outcome.responseExcerpt).toBe('é'.repeat(512));
    });

    it('refuses a private target at delivery unless development allows it', async () => {
      const refused = await sendWebhook(
        `http://127.0.0.1:${port}/ok`,
        { allowPrivateTargets: false },
        {},
        '{}',
      );
      expect(refused).toMatchObject({ statusCode: null, error: expect.stringMatching(/https/) });
      const refusedHttps = await checkWebhookTarget(`https://127.0.0.1:${port}/ok`, {
        allowPrivateTargets: false,
      }).catch((error: Error) => error.message);
      expect(refusedHttps).toMatch(/not a public address/);
    });
  });
});
