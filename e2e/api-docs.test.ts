import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoPassword, useProductInBrowser } from './product';

/** axe-core's browser build, run in the page through the browser's debugging channel (not a script tag). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface OpenApiDocument {
  paths: Record<string, Record<string, { summary?: string }>>;
}

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical violations axe finds in the page as it is, one line each. */
const seriousViolations = async (page: Page): Promise<string[]> => {
  if (!(await page.evaluate("typeof axe === 'object'"))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((results) =>
      results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      })))`,
  );
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}, at ${violation.targets.slice(0, 5).join(' | ')}` +
        (violation.targets.length > 5 ? ` and ${violation.targets.length - 5} more` : ''),
    );
};

/** How far the page scrolls sideways (0 when it fits the window's width). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('the API reference at /docs, in a real browser', () => {
  const running = useProductInBrowser();

  const cases = [
    { width: 1280, height: 800, colorScheme: 'light' },
    { width: 390, height: 844, colorScheme: 'light' },
    { width: 390, height: 844, colorScheme: 'dark' },
  ] as const;

  for (const { width, height, colorScheme } of cases) {
    it(`renders the operations at ${width}×${height} (${colorScheme}), with no serious accessibility violation, nothing refused and nothing fetched from elsewhere`, async () => {
      const { baseUrl } = running.product;
      const document = (await (await fetch(`${baseUrl}/v1/openapi.json`)).json()) as OpenApiDocument;
      const context = await running.browser.newContext({ viewport: { width, height }, colorScheme });
      const page = await context.newPage();
      const refused: string[] = [];
      const errors: string[] = [];
      const elsewhere: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      context.on('request', (request) => {
        const url = new URL(request.url());
        if (/^https?:$/.test(url.protocol) && url.origin !== baseUrl) elsewhere.push(request.url());
      });
      await context.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (event) =>
          console.error('Content Security Policy refused ' + event.violatedDirective + ' ' + event.blockedURI))`,
      });
      const report: Record<string, { axe: string[]; sideways: number }> = {};
      const check = async (where: string) => {
        report[where] = { axe: await seriousViolations(page), sideways: await sidewaysOverflow(page) };
      };

      // The start: the product's name, and the first operations opened.
      await page.goto(`${baseUrl}/docs`);
      await page.getByRole('heading', { level: 1, name: 'Subscription portals API' }).waitFor();
      await page.getByRole('heading', { name: 'The process is alive' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.title()).toBe('Subscription portals API reference');
      await check('the start');

      // An operation followed by its link: sign-in, its path, body and response.
      await page.goto(`${baseUrl}/docs#tag/auth/POST/v1/auth/sign-in`);
      const signIn = page.locator('section', {
        has: page.getByRole('heading', { name: 'Sign in with email and password' }),
      });
      await signIn.getByText('/v1/auth/sign-in', { exact: true }).first().waitFor();
      await signIn.getByText('password', { exact: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await check('POST /v1/auth/sign-in');

      // The operation with the longest name: on a phone the header shows it on one line.
      const alerts = document.paths['/v1/alerts']?.get?.summary;
      expect(alerts).toBeDefined();
      await page.goto(`${baseUrl}/docs#tag/alerts/GET/v1/alerts`);
      await page.getByRole('heading', { name: alerts }).waitFor();
      await page.waitForLoadState('networkidle');
      await check('GET /v1/alerts');

      expect(report).toEqual({
        'the start': { axe: [], sideways: 0 },
        'POST /v1/auth/sign-in': { axe: [], sideways: 0 },
        'GET /v1/alerts': { axe: [], sideways: 0 },
      });
      expect(refused).toEqual([]);
      expect(errors).toEqual([]);
      expect(elsewhere).toEqual([]);
      await context.close();
    });
  }

  it('tries an operation from the page with an API token ("Test Request"), against this origin, and shows the 200 answer', async () => {
    const { baseUrl } = running.product;
    // Tara's token, as she would create it under Account → API tokens (e2e/third-party-client.test.ts
    // does it in the portal).
    const signIn = await fetch(`${baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'tara@acme.example', password: demoPassword }),
    });
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const created = await fetch(`${baseUrl}/v1/me/api-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        name: 'Trying the reference',
        scopes: ['ticket:read:own'],
        expiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };

    const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const elsewhere: string[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (/^https?:$/.test(url.protocol) && url.origin !== baseUrl) elsewhere.push(request.url());
    });
    await page.goto(`${baseUrl}/docs#tag/tickets/GET/v1/products`);
    const products = page.locator('section', {
      has: page.getByRole('heading', {
        name: "The vendor's products, with their components and versions, to file a ticket against",
      }),
    });
    await products
      .getByRole('button', { name: /Test Request/ })
      .first()
      .click();
    const client = page.getByRole('dialog');
    await client.getByRole('button', { name: /^Authentication/ }).click();
    // The API token is the scheme offered, and says where to create one.
    await client.getByRole('button', { name: 'Selected Auth Type: apiToken' }).waitFor();
    await client.getByText('create one in the Support Portal under Account → API tokens').waitFor();
    await client.getByLabel('Bearer Token').fill(token);

    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/v1/products');
    await client.getByRole('button', { name: `Send get request to ${baseUrl}/v1/products` }).click();
    const response = await answered;
    expect(response.url()).toBe(`${baseUrl}/v1/products`);
    expect((await response.request().allHeaders()).authorization).toBe(`Bearer ${token}`);
    expect(response.status()).toBe(200);
    // What the person sees: the status and the catalogue in the response pane.
    await client.getByText('200 OK').waitFor();
    const firstProduct = ((await response.json()) as { items: { name: string }[] }).items[0]?.name ?? '';
    expect(firstProduct).not.toBe('');
    await client.getByText(`"${firstProduct}"`).first().waitFor();
    expect(elsewhere).toEqual([]);
    await context.close();
  });

  it('serves the page under its own policy: scripts only from this origin, no framing', async () => {
    const response = await fetch(`${running.product.baseUrl}/docs`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-eval|https?:/);
    const page = await response.text();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
    // The OpenAPI document stays where it is; the source maps of the browser build are not served.
    expect((await fetch(`${running.product.baseUrl}/v1/openapi.json`)).status).toBe(200);
    expect((await fetch(`${running.product.baseUrl}/docs/scalar/standalone.esm.js.map`)).status).toBe(404);
  });
});
