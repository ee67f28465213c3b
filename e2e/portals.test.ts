import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningProduct, startProduct } from './product';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

describe('the product, started as the start command does, in a real browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
  });

  it('prints where everything is and the demo logins', () => {
    const banner = product.output();
    expect(banner).toContain(`${product.baseUrl}/support/`);
    expect(banner).toContain(`${product.baseUrl}/subscriber/`);
    expect(banner).toContain(`${product.baseUrl}/docs`);
    expect(banner).toMatch(/Demo logins \(password for all: \S+\)/);
    expect(banner).toContain('main@acme.example');
  });

  for (const portal of [
    { name: 'Support Portal', path: '/support/' },
    { name: 'Subscriber Portal', path: '/subscriber/' },
  ]) {
    it(`opens the ${portal.name} and shows the tiers the API serves`, async () => {
      const page = await browser.newPage();
      await page.goto(`${product.baseUrl}${portal.path}`);
      await expect.poll(() => page.locator('.app-brand').textContent()).toBe(portal.name);
      const premium = page.getByRole('row', { name: /premium/i });
      await premium.waitFor();
      expect(await premium.textContent()).toContain('2');
      await screenshot(page, portal.path.replaceAll('/', ''));

      await page
        .getByRole('link', { name: /sign in/i })
        .first()
        .click();
      await page.getByLabel(/email/i).waitFor();

      await page.goto(`${product.baseUrl}${portal.path}no/such/page`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await page.close();
    });
  }

  it('serves the browsable API docs listing the versioned routes', async () => {
    const page = await browser.newPage();
    await page.goto(`${product.baseUrl}/docs`);
    await page.getByText('Subscription portals API').first().waitFor();
    await page.getByText('/v1/subscriptions').first().waitFor();
    await screenshot(page, 'docs');
    await page.close();
  });
});
