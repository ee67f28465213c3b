import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useProductInBrowser } from './product';

const demoPassword = 'portals-demo-2026';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

describe('home overviews: what matters to each person at a glance, and the way to the other portal', () => {
  const running = useProductInBrowser();
  const pages: Page[] = [];
  afterAll(async () => {
    for (const page of pages) await page.context().close();
  });

  /** Signed in to one portal as a demo login, in a browser of their own, at 1280 px. */
  const signIn = async (portal: 'support' | 'subscriber', email: string, name: string): Promise<Page> => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${running.product.baseUrl}/${portal}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('banner').getByRole('link', { name }).waitFor();
    return page;
  };

  /** The API as a demo login, for what the test sets up beforehand. */
  const apiAs = async (email: string) => {
    const signedIn = await fetch(`${running.product.baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: demoPassword }),
    });
    expect(signedIn.status).toBe(200);
    const { accessToken } = (await signedIn.json()) as { accessToken: string };
    return async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${running.product.baseUrl}${url}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
  };

  it("shows Acme Cloud's main contact the organization, subscription, seats and tickets, and opens the Subscriber Portal", async () => {
    const maria = await signIn('support', 'main@acme.example', 'Maria Main');
    await maria.goto(`${running.product.baseUrl}/support/`);
    await maria.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await maria.getByRole('heading', { level: 2, name: 'Acme Cloud' }).waitFor();

    const subscription = maria.getByRole('region', { name: 'Subscription' });
    await subscription.getByRole('link', { name: 'Premium' }).waitFor();
    expect(await subscription.textContent()).toContain('40 servers');
    // The seats as the domain counts them: premium's two and Theo's, approved beyond the tier.
    await maria
      .getByRole('region', { name: 'Named support accounts' })
      .getByRole('link', { name: '3 of 3 named support accounts in use, 1 of them approved beyond the tier' })
      .waitFor();
    const tickets = maria.getByRole('region', { name: 'Tickets' });
    const open = tickets.getByRole('link', { name: /^\d+ open tickets?$/ });
    await open.waitFor();
    await maria
      .getByRole('region', { name: 'Alerts' })
      .getByRole('link', { name: 'Planned maintenance: Marketplace maintenance this Saturday' })
      .waitFor();
    await screenshot(maria, 'overview-main-contact-support');

    // The figure opens the list it counts: her organization's unresolved tickets.
    const figure = Number.parseInt((await open.textContent()) ?? '', 10);
    expect(figure).toBeGreaterThan(0);
    await open.click();
    await maria.getByRole('heading', { level: 1, name: 'Tickets' }).waitFor();
    expect(new URL(maria.url()).searchParams.get('status')).toBe('new,open,pending_customer,on_hold');
    await expect.poll(() => maria.getByRole('rowheader').count()).toBe(figure);

    // She uses both portals: the other one opens with the same sign-in.
    await maria.goBack();
    await maria.getByRole('link', { name: 'Open the Subscriber Portal' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(new URL(maria.url()).pathname).toBe('/subscriber/');
    await maria.getByRole('heading', { level: 2, name: 'Acme Cloud' }).waitFor();
    await maria.getByRole('banner').getByRole('link', { name: 'Maria Main' }).waitFor();
    await maria.getByRole('link', { name: 'Open the Support Portal' }).waitFor();
    await screenshot(maria, 'overview-main-contact-subscriber');
  });

  it('shows an account manager the requests to decide and the renewals this month, each opening its list', async () => {
    // A request from Acme Cloud, and an organization whose term ends on this month's last day.
    const asMaria = await apiAs('main@acme.example');
    const asked = await asMaria('POST', '/v1/contact-requests', {
      kind: 'technical_contact',
      name: 'Nora Night',
      email: 'nora@acme.example',
      reason: 'Night shift',
    });
    expect(asked.status).toBe(201);
    const asManager = await apiAs('accounts@vendor.example');
    const before = await asManager('GET', '/v1/staff/overview');
    const through = (before.json.renewalsThisMonth as { through: string }).through;
    const processed = await asManager('POST', '/v1/order-forms', {
      number: 'OF-2020-0099',
      organization: { name: 'Renewing Rockets', kind: 'customer' },
      subscription: { tier: 'basic', servers: 2, termStart: '2020-01-01', termEnd: through, currency: 'EUR' },
      mainContact: { name: 'Rita Renewal', email: 'rita@renewing-rockets.example' },
    });
    expect(processed.status).toBe(201);

    const max = await signIn('subscriber', 'accounts@vendor.example', 'Max Manager');
    await max.goto(`${running.product.baseUrl}/subscriber/`);
    await max.getByRole('heading', { level: 2, name: 'Your queues' }).waitFor();
    const requests = max.getByRole('region', { name: 'Contact requests' }).getByRole('link', {
      name: '1 request to decide',
    });
    await requests.waitFor();
    const renewals = max.getByRole('region', { name: 'Renewals this month' }).getByRole('link', {
      name: '1 renewal this month',
    });
    await renewals.waitFor();
    await max.getByRole('region', { name: 'Unassigned tickets' }).waitFor();
    await max.getByRole('link', { name: 'Open the Support Portal' }).waitFor();
    await screenshot(max, 'overview-account-manager');

    // The renewals open the directory filtered to them: the one organization counted.
    await renewals.click();
    await max.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
    await max.getByRole('link', { name: 'Renewing Rockets' }).waitFor();
    await expect.poll(() => max.getByRole('rowheader').count()).toBe(1);
    expect(new URL(max.url()).searchParams.get('renewalWithinDays')).toMatch(/^\d+$/);

    // The requests open the back office's queue, with Nora's request to decide.
    await max.goBack();
    await requests.click();
    await max.getByRole('heading', { level: 1, name: 'Contact requests' }).waitFor();
    await max
      .getByText(/Nora Night/)
      .first()
      .waitFor();
  });
});
