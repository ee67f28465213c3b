import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../apps/api/test/free-port';
import { SmtpTestServer } from '../apps/api/test/smtp-test-server';
import { setPasswordLinkIn, waitForMail } from './mail';
import { startProduct, useProductInBrowser } from './product';

const demoPassword = 'portals-demo-2026';
const newPassword = 'olivia-onboarded-2026';
const mainContact = { name: 'Olivia Onboard', email: 'olivia@umbrella.example' };

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

const signedInName = (page: Page, name: string) => page.getByRole('banner').getByRole('link', { name });

describe('onboarding: staff process an Order Form, the main contact follows the welcome emails', () => {
  let smtp: SmtpTestServer;

  // Registered first, so that the SMTP server is up before the product starts and stops after it.
  beforeAll(async () => {
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
  });
  afterAll(async () => {
    await smtp?.stop();
  });
  const running = useProductInBrowser(() => startProduct({}, { smtpUrl: smtp.url }));

  it('processes the form; both emails arrive by SMTP; the one link sets the password and opens both portals; used, it is refused on sight', async () => {
    const staff = await running.browser.newContext();
    const page = await staff.newPage();
    await page.goto(`${running.product.baseUrl}/subscriber/sign-in`);
    await page.getByLabel('Email').fill('accounts@vendor.example');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedInName(page, 'Max Manager').waitFor();

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Process an Order Form' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Process an Order Form' }).waitFor();
    await page.getByLabel('Order Form number').fill('OF-2026-0042');
    await page.getByLabel('Organization name').fill('Umbrella Networks');
    await page.getByLabel('Tier').selectOption('premium');
    await page.getByLabel('Servers').fill('12');
    await page.getByLabel('Term start').fill('2026-02-01');
    await page.getByLabel('Term end').fill('2027-01-31');
    await page.getByLabel('Main contact name').fill(mainContact.name);
    await page.getByLabel('Main contact email').fill(mainContact.email);
    await page.getByLabel('Main contact phone').fill('+34 600 000 000');
    await screenshot(page, 'order-form-filled');
    await page.getByRole('button', { name: 'Process the Order Form' }).click();

    const confirmation = page.getByRole('region', { name: 'Order Form OF-2026-0042 processed' });
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain(
      `welcome emails sent to ${mainContact.name} <${mainContact.email}>`,
    );
    await screenshot(page, 'order-form-processed');
    await staff.close();

    // One account, one link: the Welcome email's sets the password; the Support Welcome email only
    // points to the Support Portal's sign-in page.
    const welcome = await waitForMail(smtp, mainContact.email, 'Welcome to the Subscriber Portal');
    const supportWelcome = await waitForMail(smtp, mainContact.email, 'Welcome to the Support Portal');
    expect(welcome.text).toContain(`Hello ${mainContact.name}`);
    expect(supportWelcome.text).toContain(`Hello ${mainContact.name}`);
    expect(supportWelcome.text).not.toContain('token=');
    expect(supportWelcome.text).toContain(`${running.product.baseUrl}/support/sign-in`);
    const link = setPasswordLinkIn(welcome.text, running.product.baseUrl, 'subscriber');

    const context = await running.browser.newContext();
    const contact = await context.newPage();
    await contact.goto(link);
    await contact.getByRole('heading', { name: 'Choose a password' }).waitFor();
    // The page names the account before anything is typed.
    await contact.getByText(`For the account ${mainContact.email} of Umbrella Networks.`).waitFor();
    await contact.getByLabel('New password', { exact: true }).fill(newPassword);
    await contact.getByLabel('Confirm the new password').fill(newPassword);
    await screenshot(contact, 'onboarding-set-password');
    await contact.getByRole('button', { name: 'Set the password and sign in' }).click();
    await signedInName(contact, mainContact.name).waitFor();
    expect(new URL(contact.url()).pathname).toBe('/subscriber');
    await expect.poll(() => contact.getByRole('banner').textContent()).toContain('Subscriber Portal');
    await screenshot(contact, 'onboarding-subscriber-signed-in');

    // The Support Welcome email's address opens the Support Portal signed in, with the same sign-in.
    const supportLink = supportWelcome.text.match(/https?:\/\/\S+\/support\/sign-in/)?.[0] ?? '';
    await contact.goto(supportLink);
    await signedInName(contact, mainContact.name).waitFor();
    await expect.poll(() => contact.getByRole('banner').textContent()).toContain('Support Portal');
    await screenshot(contact, 'onboarding-support-signed-in');
    await context.close();

    // The link, used, is refused as soon as it is opened again: before anyone types a password.
    const later = await running.browser.newContext();
    const again = await later.newPage();
    await again.goto(link);
    const refused = again.getByRole('alert');
    await refused.getByText('This link was already used').waitFor();
    expect(await again.getByLabel('New password', { exact: true }).count()).toBe(0);
    await screenshot(again, 'onboarding-used-link');
    await refused.getByRole('link', { name: 'Ask for a new link' }).click();
    await again.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await later.close();

    // And the same password signs in to the Support Portal in a fresh browser.
    const fresh = await running.browser.newContext();
    const supportPage = await fresh.newPage();
    await supportPage.goto(supportLink);
    await supportPage.getByLabel('Email').fill(mainContact.email);
    await supportPage.getByLabel('Password').fill(newPassword);
    await supportPage.getByRole('button', { name: 'Sign in' }).click();
    await signedInName(supportPage, mainContact.name).waitFor();
    await fresh.close();
    // Exactly one of each: nothing was sent twice.
    expect(smtp.received.filter((mail) => mail.to.includes(mainContact.email))).toHaveLength(2);
  });
});
