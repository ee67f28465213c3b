import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useProductInBrowser } from './product';

const demoPassword = 'portals-demo-2026';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

describe('the back office: staff find organizations and choose partners by name', () => {
  const running = useProductInBrowser();
  const pages: Page[] = [];
  afterAll(async () => {
    for (const page of pages) await page.context().close();
  });

  /** Max Manager (account manager) signed in to the Subscriber Portal, in a browser of his own. */
  const signInAsManager = async (): Promise<Page> => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${running.product.baseUrl}/subscriber/sign-in`);
    await page.getByLabel('Email').fill('accounts@vendor.example');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Max Manager' }).waitFor();
    return page;
  };
  const navigate = (page: Page, link: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();

  it("finds an organization by a contact's email and opens its page: contacts with roles, seats, subscriptions, tickets", async () => {
    const page = await signInAsManager();
    await navigate(page, 'Organizations');
    await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search organizations' }).fill('tara@acme');
    const acme = page.getByRole('link', { name: 'Acme Cloud' });
    await acme.waitFor();
    // Only the organization whose contact holds the email is left.
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(1);
    await screenshot(page, 'back-office-directory');
    await acme.click();

    await page.getByRole('heading', { level: 1, name: 'Acme Cloud' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/subscriber\/back-office\/organizations\/[0-9a-f-]{36}$/);
    // Premium includes two named accounts; Theo came by an approved request: the same words as the customer's.
    await page
      .getByText('3 of 3 named support accounts in use, 1 of them approved beyond the tier')
      .waitFor();
    const contacts = page.getByRole('region', { name: 'Contacts' });
    const tara = contacts.getByRole('row', { name: /Tara Tech/ });
    await tara.waitFor();
    expect(await tara.textContent()).toContain('Technical contact');
    expect(await contacts.getByRole('row', { name: /Maria Main/ }).textContent()).toContain('Main contact');
    await page
      .getByRole('region', { name: 'Subscriptions' })
      .getByRole('rowheader', { name: 'Premium' })
      .waitFor();

    const tickets = page.getByRole('region', { name: 'Tickets' });
    const firstTicket = tickets.getByRole('link', { name: /^#\d+$/ }).first();
    await firstTicket.waitFor();
    expect(await firstTicket.getAttribute('href')).toMatch(/^\/support\/staff\/tickets\/[0-9a-f-]{36}$/);
    await page.getByRole('region', { name: 'Contact requests' }).waitFor();
    await screenshot(page, 'back-office-organization');

    // Back in the directory, the search is as it was left.
    await page.goBack();
    const search = page.getByRole('searchbox', { name: 'Search organizations' });
    await expect.poll(() => search.inputValue()).toBe('tara@acme');
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(1);
    await page.goForward();
    await page.getByRole('heading', { level: 1, name: 'Acme Cloud' }).waitFor();

    // The link leads to the Support Portal's staff ticket page (its own sign-in).
    await firstTicket.click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/support\//);
  });

  it('processes an Order Form for an end user, choosing the registering partner by name', async () => {
    const page = await signInAsManager();
    await navigate(page, 'Process an Order Form');
    await page.getByRole('heading', { level: 1, name: 'Process an Order Form' }).waitFor();
    await page.getByLabel('Order Form number').fill('OF-2026-0777');
    await page.getByLabel('Organization name').fill('Wayne Data Centers');
    await page.getByRole('searchbox', { name: 'Registering partner' }).fill('integr');
    await page.getByRole('button', { name: 'Partner Integrations (Advanced)' }).click();
    await page.getByText('Chosen:').waitFor();
    await page.getByLabel('Tier').selectOption('advanced');
    await page.getByLabel('Servers').fill('6');
    await page.getByLabel('Term start').fill('2026-03-01');
    await page.getByLabel('Term end').fill('2027-02-28');
    await page.getByLabel('Main contact name').fill('Bruce Owner');
    await page.getByLabel('Main contact email').fill('bruce@wayne-data.example');
    await screenshot(page, 'back-office-order-form-partner');
    await page.getByRole('button', { name: 'Process the Order Form' }).click();
    await page.getByRole('region', { name: 'Order Form OF-2026-0777 processed' }).waitFor();

    // The directory shows it as an end user of that partner, found by its Order Form number.
    await navigate(page, 'Organizations');
    await page.getByLabel('Kind').selectOption('end_user');
    await page.getByRole('searchbox', { name: 'Search organizations' }).fill('0777');
    const row = page.getByRole('row', { name: /Wayne Data Centers/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('End user of Partner Integrations');
    expect(await row.textContent()).toContain('bruce@wayne-data.example');
  });
});
