import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useProductInBrowser } from './product';

describe('the content security policy, in a real browser', () => {
  const running = useProductInBrowser();

  /** Opens a page, waits for `ready`, and answers what the browser refused under the policy. */
  const violationsOn = async (path: string, ready: string) => {
    const page = await running.browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) =>
        console.error('Content Security Policy refused ' + event.violatedDirective + ' ' + event.blockedURI))`,
    });
    await page.goto(`${running.product.baseUrl}${path}`);
    await page.getByText(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.close();
    return refused;
  };

  it('lets both portals run with nothing refused', async () => {
    expect(await violationsOn('/support/', 'Support Portal')).toEqual([]);
    expect(await violationsOn('/subscriber/', 'Subscriber Portal')).toEqual([]);
    expect(await violationsOn('/subscriber/sign-in', 'Subscriber Portal')).toEqual([]);
  });

  it("lets the ticket screens run with nothing refused, a contact's and staff's", async () => {
    /** Signs in to the Support Portal in a context of its own, reporting refusals from then on. */
    const signedIn = async (email: string, name: string) => {
      const context = await running.browser.newContext();
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
      });
      await context.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (event) =>
          console.error('Content Security Policy refused ' + event.violatedDirective + ' ' + event.blockedURI))`,
      });
      await page.goto(`${running.product.baseUrl}/support/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('portals-demo-2026');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('banner').getByRole('link', { name }).waitFor();
      // The live events stream stays open on ticket pages, so the network is never idle: wait instead
      // until every other request has settled.
      const inFlight = new Set<Request>();
      const settled = (request: Request) => inFlight.delete(request);
      page.on('request', (request) => {
        if (!new URL(request.url()).pathname.endsWith('/v1/events')) inFlight.add(request);
      });
      page.on('requestfinished', settled);
      page.on('requestfailed', settled);
      /** Follows a link of the page as a person would, and waits for what shows the page is there. */
      const open = async (link: string, ready: string) => {
        await page.getByRole('link', { name: link }).first().click();
        await page.getByText(ready).first().waitFor();
        await expect.poll(() => inFlight.size, { timeout: 30_000 }).toBe(0);
      };
      return { page, refused, open, close: () => context.close() };
    };

    // The demo data's tickets: a conversation with Markdown and an attached log file.
    const contact = await signedIn('tara@acme.example', 'Tara Tech');
    await contact.open('Tickets', 'Sunstone times out listing VMs after the upgrade to 7.0');
    await contact.open('Sunstone times out listing VMs after the upgrade to 7.0', 'sunstone-error.log');
    await contact.open('Open a ticket', 'Severity');
    expect(contact.refused).toEqual([]);
    await contact.close();

    const staff = await signedIn('agent@vendor.example', 'Sam Support');
    await staff.open('Queue', 'Unassigned');
    await staff.page.getByRole('button', { name: /^Mine/ }).click();
    await staff.open('Sunstone times out listing VMs after the upgrade to 7.0', 'Internal note');
    await staff.open('Canned replies', 'Ask for the logs');
    expect(staff.refused).toEqual([]);
    await staff.close();
  });

  it('lets the API docs run under their own policy with nothing refused', async () => {
    // Scalar renders a tag's operations when the tag is opened: the subscriptions one, by its link.
    expect(await violationsOn('/docs#tag/subscriptions', '/v1/subscriptions')).toEqual([]);
  });

  it('refuses to be framed by another site', async () => {
    const page = await running.browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => refused.push(message.text()));
    await page.setContent(`<iframe src="${running.product.baseUrl}/support/"></iframe>`);
    await expect.poll(() => refused.join('\n')).toMatch(/frame-ancestors/);
    await page.close();
  });
});
