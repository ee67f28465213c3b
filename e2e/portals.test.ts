import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readManifest } from './portal-build';
import { useProductInBrowser } from './product';

const demoPassword = 'portals-demo-2026';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

describe('the product, started as the start command does, in a real browser', () => {
  const running = useProductInBrowser();

  it('prints where everything is and the demo logins', () => {
    const banner = running.product.output();
    expect(banner).toContain(`${running.product.baseUrl}/support/`);
    expect(banner).toContain(`${running.product.baseUrl}/subscriber/`);
    expect(banner).toContain(`${running.product.baseUrl}/docs`);
    expect(banner).toMatch(/Demo logins \(password for all: \S+\)/);
    expect(banner).toContain('main@acme.example');
  });

  for (const portal of [
    { name: 'Support Portal', path: '/support/' },
    { name: 'Subscriber Portal', path: '/subscriber/' },
  ]) {
    it(`opens the ${portal.name} and shows the tiers the API serves`, async () => {
      const page = await running.browser.newPage();
      await page.goto(`${running.product.baseUrl}${portal.path}`);
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

      await page.goto(`${running.product.baseUrl}${portal.path}no/such/page`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await page.close();
    });
  }

  for (const portal of [
    {
      name: 'Support Portal',
      path: '/support/',
      app: 'support-web',
      deepPage: { module: 'src/app/routes/organization.tsx', link: 'Your organization' },
    },
    {
      name: 'Subscriber Portal',
      path: '/subscriber/',
      app: 'subscriber-web',
      deepPage: { module: 'src/app/routes/contacts.tsx', link: 'Contacts' },
    },
  ]) {
    /** The address of a page's chunk, from the build manifest. */
    const chunkPath = async (module: string) => {
      const chunk = (await readManifest(portal.app))[module];
      if (!chunk) throw new Error(`${module} is not in the ${portal.app} build`);
      return `${portal.path}${chunk.file}`;
    };

    const signIn = async (page: Page) => {
      await page.getByLabel('Email').fill('main@acme.example');
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('banner').getByRole('link', { name: 'Maria Main' }).waitFor();
    };

    it(`${portal.name}: the sign-in page fetches the shell and itself, and a deep page's code only when opened`, async () => {
      const deepChunk = await chunkPath(portal.deepPage.module);
      const signInChunk = await chunkPath(
        '../../packages/web-ui/src/features/auth/components/sign-in-page.tsx',
      );
      const context = await running.browser.newContext();
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });

      await page.goto(`${running.product.baseUrl}${portal.path}sign-in`);
      await page.getByLabel('Email').waitFor();
      expect(scripts).toContain(signInChunk);
      expect(scripts).not.toContain(deepChunk);

      await signIn(page);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: portal.deepPage.link })
        .click();
      await page.getByRole('heading', { level: 1, name: portal.deepPage.link }).waitFor();
      expect(scripts).toContain(deepChunk);
      await context.close();
    });

    it(`${portal.name}: offers a reload when a page's code cannot be fetched, and the reload brings the page`, async () => {
      const deepChunk = await chunkPath(portal.deepPage.module);
      const context = await running.browser.newContext();
      const page = await context.newPage();
      // As if the connection dropped, or a new release had replaced the chunk, just as the page is opened.
      await context.route(`${running.product.baseUrl}${deepChunk}`, (route) =>
        route.abort('connectionfailed'),
      );

      await page.goto(`${running.product.baseUrl}${portal.path}sign-in`);
      await signIn(page);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: portal.deepPage.link })
        .click();
      await page.getByRole('heading', { level: 1, name: 'This page could not be loaded' }).waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('The connection may have dropped');

      await context.unrouteAll();
      await page.getByRole('button', { name: 'Reload the page' }).click();
      await page.getByRole('heading', { level: 1, name: portal.deepPage.link }).waitFor();
      await context.close();
    });
  }

  it('serves the browsable API docs listing the versioned routes', async () => {
    const page = await running.browser.newPage();
    await page.goto(`${running.product.baseUrl}/docs`);
    await page.getByRole('heading', { level: 1, name: 'Subscription portals API' }).waitFor();
    // Scalar renders a tag's operations when the tag is opened: the subscriptions one, by its link.
    await page.goto(`${running.product.baseUrl}/docs#tag/subscriptions`);
    await page.getByText('/v1/subscriptions').first().waitFor();
    await screenshot(page, 'docs');
    await page.close();
  });
});
