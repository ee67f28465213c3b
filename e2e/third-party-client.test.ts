import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  createPortalsClient,
  type PortalsClient,
  uploadAttachment,
} from '../examples/third-party-client/src/index';
import { demoPassword, useProductInBrowser } from './product';

/**
 * A third party's integration, end to end: a technical contact creates an API token in the Support
 * Portal and copies it; their script then uses only the client generated from the published OpenAPI
 * document (examples/third-party-client) and a tus client, nothing of the product's own code.
 */

/** Signs in to the Support Portal as Tara, creates a token with the ticket scopes, copies it from the page. */
const createApiTokenInThePortal = async (page: Page, baseUrl: string): Promise<string> => {
  await page.goto(`${baseUrl}/support/sign-in`);
  await page.getByLabel('Email').fill('tara@acme.example');
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Tara Tech' }).click();
  await page.getByRole('link', { name: 'Manage your API tokens' }).click();
  await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
  await page.getByLabel('Name').fill('Monitoring integration');
  await page.getByLabel('Read your own tickets and those you are copied on').check();
  await page
    .getByLabel('Open tickets, reply, attach, copy colleagues and solve or reopen tickets you can read')
    .check();
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

describe('a third party, with an API token and the client generated from the OpenAPI document', () => {
  const running = useProductInBrowser();

  it('creates a token in the portal, opens a ticket, uploads a log file and finds it on the ticket with its sha256', async () => {
    const { baseUrl } = running.product;
    const context = await running.browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const page = await context.newPage();
    const apiToken = await createApiTokenInThePortal(page, baseUrl);
    expect(apiToken).toMatch(/^pat_/);
    await context.close();

    const client = createPortalsClient({ baseUrl, apiToken });
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

    // Webhooks (branch `webhooks`): once merged, the journey goes on here: register a webhook for
    // this ticket's events with the generated client, reply on the ticket, and verify the signature
    // of the delivery the integration's own HTTP server receives.
  });
});
