import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startProduct, useProductInBrowser } from './product';

/** The shortest access-token lifetime the API accepts, so the test can outlive one. */
const accessTokenSeconds = 5;
const demoPassword = 'portals-demo-2026';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

const outliveTheAccessToken = (page: Page) => page.waitForTimeout((accessTokenSeconds + 2) * 1000);

const signIn = async (page: Page, email: string) => {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

const signedInName = (page: Page, name: string) => page.getByRole('banner').getByRole('link', { name });

/** Nothing the session is made of may sit where scripts on the page could read it later. */
const storedByThePage = (page: Page): Promise<unknown> =>
  // A string runs in the page, where the DOM's storage lives (this file is typed for Node).
  page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })');

describe('signing in to the portals, with access tokens that live 5 seconds', () => {
  const running = useProductInBrowser(() =>
    startProduct({ ACCESS_TOKEN_TTL_SECONDS: String(accessTokenSeconds) }),
  );

  it('Support Portal: signs in through the form, stays signed in past the token and across a reload, signs out', async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${running.product.baseUrl}/support/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).click();

    await signIn(page, 'main@acme.example');
    await signedInName(page, 'Maria Main').waitFor();
    await page.getByText('Welcome, Maria Main').waitFor();
    expect(await storedByThePage(page)).toBe('{}');
    await screenshot(page, 'support-signed-in');

    await outliveTheAccessToken(page);
    await page.reload();
    await signedInName(page, 'Maria Main').waitFor();
    await signedInName(page, 'Maria Main').click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await page.getByRole('region', { name: 'Your details' }).textContent()).toContain(
      'main@acme.example',
    );
    await screenshot(page, 'support-account');

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the Support Portal' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('You have signed out.');
    await screenshot(page, 'support-signed-out');
    await page.goto(`${running.product.baseUrl}/support/account`);
    await page.getByRole('heading', { name: 'Sign in to the Support Portal' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/support/sign-in');
    await context.close();
  });

  it('Subscriber Portal: signs in, lists the premium subscription, keeps working past the token, signs out', async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    // A protected page first: sign-in brings the person back to it.
    await page.goto(`${running.product.baseUrl}/subscriber/subscriptions`);
    await page.getByRole('heading', { name: 'Sign in to the Subscriber Portal' }).waitFor();

    await signIn(page, 'main@acme.example');
    await signedInName(page, 'Maria Main').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
    const premium = page.getByRole('row', { name: /Premium/ });
    await premium.waitFor();
    expect(await premium.textContent()).toContain('Active');
    await screenshot(page, 'subscriber-subscriptions');

    const refreshes: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/v1/auth/refresh')) refreshes.push(String(response.status()));
    });
    await outliveTheAccessToken(page);
    // The page renewed its access token on its own, from the cookie, before it ran out.
    expect(refreshes.length).toBeGreaterThan(0);
    expect(refreshes.every((status) => status === '200')).toBe(true);
    // Within the app: another page, and back to one that loads data afresh.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByText('Welcome, Maria Main').waitFor();
    // The overview, read afresh each time it opens, names the subscription too.
    await page.getByRole('region', { name: 'Subscription' }).getByRole('link', { name: 'Premium' }).waitFor();
    // A reload keeps nothing but the cookie: the session comes back from it.
    await page.goto(`${running.product.baseUrl}/subscriber/subscriptions`);
    await page.getByRole('row', { name: /Premium/ }).waitFor();
    await signedInName(page, 'Maria Main').waitFor();

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the Subscriber Portal' }).waitFor();
    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/subscriber/sign-in');
    await page.goto(`${running.product.baseUrl}/subscriber/subscriptions`);
    await page.getByRole('heading', { name: 'Sign in to the Subscriber Portal' }).waitFor();
    expect(await page.getByRole('row', { name: /Premium/ }).count()).toBe(0);
    await context.close();
  });
});
