import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookVerifier } from '../docs/examples/verify-webhook.mjs';
import {
  createPortalsClient,
  type PortalsClient,
  uploadAttachment,
} from '../examples/third-party-client/src/index';
import { demoPassword, startProduct, useProductInBrowser } from './product';

/**
 * A third party's integration, end to end: the main contact creates an API token in the Support Portal
 * and copies it; their script then uses only the client generated from the published OpenAPI document
 * (examples/third-party-client), a tus client, a plain node:http server for the webhooks and the
 * verifier shown in docs/webhooks.md, nothing of the product's own code.
 */

/** Signs in to the Support Portal as Maria, creates a token with the ticket and webhook scopes, copies it. */
const createApiTokenInThePortal = async (page: Page, baseUrl: string): Promise<string> => {
  await page.goto(`${baseUrl}/support/sign-in`);
  await page.getByLabel('Email').fill('main@acme.example');
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Maria Main' }).click();
  await page.getByRole('link', { name: 'Manage your API tokens' }).click();
  await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
  await page.getByLabel('Name').fill('Monitoring integration');
  await page.getByLabel('Read your own tickets and those you are copied on').check();
  await page
    .getByLabel('Open tickets, reply, attach, copy colleagues and solve or reopen tickets you can read')
    .check();
  await page.getByLabel("Manage your organization's webhook endpoints").check();
  await page.getByRole('button', { name: 'Create the token' }).click();
  const created = page.getByRole('region', { name: 'Copy the token “Monitoring integration” now' });
  await created.getByRole('button', { name: 'Copy the token' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await created.locator('code.secret').textContent());
  return copied;
};

/** Opens a ticket against the first product of the catalogue, as the script would. */
const openTicket = async (client: PortalsClient) => {
  const products = await client.GET('/v1/products');
  expect(products.error).toBeUndefined();
  const product = products.data?.items[0];
  if (!product) throw new Error('the catalogue has no product');
  const opened = await client.POST('/v1/tickets', {
    body: {
      subject: 'Nightly backup job fails after the upgrade',
      description: 'Since 4.2 the nightly backup stops with exit code 3. The log is attached.',
      productId: product.id,
      severity: 2,
    },
  });
  expect(opened.error).toBeUndefined();
  expect(opened.response.status).toBe(201);
  if (!opened.data) throw new Error('no ticket was answered');
  return opened.data;
};

/** The integration's own webhook receiver: a plain HTTP server keeping each request's headers and raw body. */
const startWebhookServer = async () => {
  const received: { headers: http.IncomingHttpHeaders; rawBody: string }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/portals-hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

describe('a third party, with an API token and the client generated from the OpenAPI document', () => {
  // The integration's receiver runs on this machine: the development setting lets endpoints use loopback.
  const running = useProductInBrowser(() => startProduct({ WEBHOOK_PRIVATE_TARGETS: 'allowed' }));
  let receiver: Awaited<ReturnType<typeof startWebhookServer>>;
  beforeAll(async () => {
    receiver = await startWebhookServer();
  });
  afterAll(() => receiver?.close());

  it('creates a token in the portal, registers a webhook, opens a ticket, uploads a log file, finds it with its sha256 and verifies the signed webhook', async () => {
    const { baseUrl } = running.product;
    const context = await running.browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const page = await context.newPage();
    const apiToken = await createApiTokenInThePortal(page, baseUrl);
    expect(apiToken).toMatch(/^pat_/);
    await context.close();

    const client = createPortalsClient({ baseUrl, apiToken });
    const registered = await client.POST('/v1/webhooks', {
      body: { url: receiver.url, description: 'Service desk sync', eventTypes: ['ticket.created'] },
    });
    expect(registered.error).toBeUndefined();
    const secret = registered.data?.secret ?? '';
    expect(secret).toMatch(/^whsec_/);

    const ticket = await openTicket(client);

    const log = Buffer.from(
      Array.from(
        { length: 2000 },
        (_, line) => `2026-11-02T03:00:${String(line % 60).padStart(2, '0')}Z backup step ${line}`,
      ).join('\n'),
    );
    const uploaded = await uploadAttachment(
      { baseUrl, apiToken },
      { ticketId: ticket.id, filename: 'backup.log', content: log },
    );
    const sha256 = createHash('sha256').update(log).digest('hex');
    expect(uploaded.sha256).toBe(sha256);

    const mine = await client.GET('/v1/tickets', { params: { query: { view: 'mine' } } });
    expect(mine.error).toBeUndefined();
    expect(mine.data?.items.map((item) => item.subject)).toContain(
      'Nightly backup job fails after the upgrade',
    );

    const attachments = await client.GET('/v1/tickets/{ticketId}/attachments', {
      params: { path: { ticketId: ticket.id } },
    });
    expect(attachments.error).toBeUndefined();
    expect(attachments.data?.items).toEqual([
      expect.objectContaining({ fileName: 'backup.log', sizeBytes: log.length, sha256 }),
    ]);

    // A failure comes back as the documented problem, typed by the same document.
    const missing = await client.GET('/v1/tickets/{ticketId}/attachments', {
      params: { path: { ticketId: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({
      type: 'https://portals.example/problems/not-found',
      code: 'not_found',
    });

    // The ticket's creation reaches the integration's server, signed: the verifier of docs/webhooks.md
    // accepts it, and refuses the same delivery a second time and a body changed on the way.
    const verify = createWebhookVerifier(secret);
    const deadline = Date.now() + 20_000;
    const events = () =>
      receiver.received.map(
        (delivery) => JSON.parse(delivery.rawBody) as { type: string; data: { ticket: { id: string } } },
      );
    while (!events().some((event) => event.type === 'ticket.created' && event.data.ticket.id === ticket.id)) {
      if (Date.now() > deadline)
        throw new Error(`no ticket.created webhook arrived: ${JSON.stringify(events())}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const created = receiver.received.find((delivery) => delivery.rawBody.includes('"ticket.created"'));
    if (!created) throw new Error('no ticket.created delivery');
    expect(verify(created.headers, created.rawBody)).toMatchObject({
      type: 'ticket.created',
      data: { ticket: { id: ticket.id, subject: 'Nightly backup job fails after the upgrade' } },
    });
    expect(() => verify(created.headers, created.rawBody)).toThrow('A replayed delivery');
    expect(() => verify(created.headers, created.rawBody.replace('backup', 'b4ckup'))).toThrow(
      'No valid signature',
    );
  });
});
