import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../apps/api/test/free-port';
import { SmtpTestServer } from '../apps/api/test/smtp-test-server';
import { PortalWalk, portalRoutes } from './accessibility';
import { setPasswordLinkIn, waitForMail } from './mail';
import { startProduct, toastSays, useProductInBrowser, useSubscriberSignIn } from './product';

const endUser = {
  organization: 'Northwind Clinics',
  name: 'Nora North',
  email: 'nora@northwind.example',
  password: 'nora-registered-2026',
};
const declineReason = 'Platinum needs two certified engineers: write to us once they pass the exam';

describe('partner requests: a partner registers an end user, staff approve, the end user signs in; a level upgrade is declined', () => {
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
  // Each person's browser context closes with the browser, when the product stops.

  const newPage = async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
    return context.newPage();
  };
  const signIn = useSubscriberSignIn(running);
  const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  it("the partner's main contact registers an end user from the End users page and follows the request", async () => {
    const pia = await signIn('main@partner.example', 'Pia Partner');
    await navigation(pia).getByRole('link', { name: 'End users' }).click();
    await pia.getByRole('heading', { level: 1, name: 'End users' }).waitFor();
    await pia.getByRole('button', { name: 'Register an end user' }).click();
    const dialog = pia.getByRole('dialog', { name: 'Register an end user' });
    await dialog.getByLabel('End-user organization').fill(endUser.organization);
    await dialog.getByLabel("Main contact's name").fill(endUser.name);
    // A malformed email is refused next to its field, and nothing is sent.
    await dialog.getByLabel("Main contact's email").fill('nora-at-northwind');
    await dialog.getByLabel('Tier').selectOption('advanced');
    await dialog.getByLabel('Servers').fill('8');
    await dialog.getByRole('button', { name: 'Send the registration' }).click();
    await dialog.getByLabel("Main contact's email").and(pia.locator('[aria-invalid="true"]')).waitFor();
    await dialog.getByLabel("Main contact's email").fill(endUser.email);
    await dialog.getByRole('button', { name: 'Send the registration' }).click();
    await toastSays(pia, /Your request was sent/);
    await dialog.waitFor({ state: 'hidden' });

    await navigation(pia).getByRole('link', { name: 'Change requests' }).click();
    await pia.getByRole('heading', { level: 1, name: 'Change requests' }).waitFor();
    const row = pia.getByRole('row', { name: new RegExp(endUser.organization) });
    await row.getByText('Submitted').waitFor();
    expect(await row.textContent()).toContain('End-user registration');
    expect(await row.textContent()).toContain('Partner organization');
  });

  it('the account manager approves it from the inbox filtered to registrations', async () => {
    const max = await signIn('accounts@vendor.example', 'Max Manager');
    await navigation(max).getByRole('link', { name: 'Change requests' }).click();
    await max.getByRole('heading', { level: 1, name: 'Change requests' }).waitFor();
    await max.getByLabel('Kind').selectOption('end_user_registration');
    const row = max.getByRole('row', { name: new RegExp(endUser.organization) });
    await row.waitFor();
    await row.getByRole('button', { name: 'Approve the request of Partner Integrations' }).click();
    const approve = max.getByRole('dialog', { name: 'Approve the request of Partner Integrations?' });
    await approve.getByText(/Its Order Form is processed at once/).waitFor();
    await approve.getByRole('button', { name: 'Approve and apply' }).click();
    await toastSays(
      max,
      `Applied: ${endUser.organization} is registered, and its main contact was sent the Welcome emails.`,
    );
    await max.getByLabel('State').selectOption('applied');
    await max
      .getByRole('row', { name: new RegExp(endUser.organization) })
      .getByText('Max Manager')
      .waitFor();
  });

  it("the end user's main contact receives both Welcome emails by SMTP, sets a password and is signed in", async () => {
    const welcome = await waitForMail(smtp, endUser.email, 'Welcome to the Subscriber Portal');
    const supportWelcome = await waitForMail(smtp, endUser.email, 'Welcome to the Support Portal');
    expect(welcome.text).toContain(`Hello ${endUser.name}`);
    expect(supportWelcome.text).toContain(`Hello ${endUser.name}`);
    const link = setPasswordLinkIn(welcome.text, running.product.baseUrl, 'subscriber');

    const nora = await newPage();
    await nora.goto(link);
    await nora.getByRole('heading', { name: 'Choose a password' }).waitFor();
    await nora.getByText(`For the account ${endUser.email} of ${endUser.organization}.`).waitFor();
    await nora.getByLabel('New password', { exact: true }).fill(endUser.password);
    await nora.getByLabel('Confirm the new password').fill(endUser.password);
    await nora.getByRole('button', { name: 'Set the password and sign in' }).click();
    await nora.getByRole('banner').getByRole('link', { name: endUser.name }).waitFor();
    expect(new URL(nora.url()).pathname).toBe('/subscriber');

    // The partner is told, and sees the end user in its list.
    const approved = await waitForMail(smtp, 'main@partner.example', 'Your change request was approved');
    expect(approved.text).toContain(`${endUser.organization} is now registered as your end user`);
    const pia = await signIn('main@partner.example', 'Pia Partner');
    await navigation(pia).getByRole('link', { name: 'End users' }).click();
    await pia.getByRole('rowheader', { name: endUser.organization }).waitFor();
  });

  it('the partner asks for a level upgrade; staff decline it with a reason the partner sees', async () => {
    const pia = await signIn('main@partner.example', 'Pia Partner');
    await navigation(pia).getByRole('link', { name: 'End users' }).click();
    await pia.getByRole('button', { name: 'Request a partner level upgrade' }).click();
    const dialog = pia.getByRole('dialog', { name: 'Request a partner level upgrade' });
    // Partner Integrations is gold: platinum is the one level above.
    await dialog.getByText('Your organization is a Gold partner.', { exact: false }).waitFor();
    expect(await dialog.getByLabel('Level wanted').inputValue()).toBe('platinum');
    // A justification is required.
    await dialog.getByRole('button', { name: 'Request the upgrade' }).click();
    await dialog.getByLabel('Justification').and(pia.locator('[aria-invalid="true"]')).waitFor();
    await dialog.getByLabel('Justification').fill('Twelve end users this year, two more in the pipeline.');
    await dialog.getByRole('button', { name: 'Request the upgrade' }).click();
    await toastSays(pia, /Your request was sent/);
    await dialog.waitFor({ state: 'hidden' });

    const max = await signIn('accounts@vendor.example', 'Max Manager');
    await navigation(max).getByRole('link', { name: 'Change requests' }).click();
    await max.getByLabel('Kind').selectOption('partner_level_upgrade');
    const row = max.getByRole('row', { name: /Gold → Platinum/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Decline the request of Partner Integrations' }).click();
    const decline = max.getByRole('dialog', { name: 'Decline the request of Partner Integrations' });
    await decline.getByLabel('Reason').fill(declineReason);
    await decline.getByRole('button', { name: 'Decline the request' }).click();
    await toastSays(max, 'Declined: Pia Partner is told the reason by email.');

    await pia.goto(`${running.product.baseUrl}/subscriber/change-requests`);
    const mine = pia.getByRole('row', { name: /Gold → Platinum/ });
    await mine.getByText('Declined', { exact: true }).waitFor();
    expect(await mine.textContent()).toContain(declineReason);
    const declined = await waitForMail(smtp, 'main@partner.example', 'Your change request was declined');
    expect(declined.text).toContain('Platinum needs two certified engineers');
  });

  it("the partner's two forms pass axe-core and fit a phone, open and after a refused submission", async () => {
    const walk = await PortalWalk.open(
      running.browser,
      { baseUrl: running.product.baseUrl, prefix: '/subscriber/', routes: portalRoutes('subscriber-web') },
      'Pia Partner',
    );
    await walk.signIn({ email: 'main@partner.example', name: 'Pia Partner' });
    await walk.visit('end-users', { counts: false });
    for (const [button, submit] of [
      ['Register an end user', 'Send the registration'],
      ['Request a partner level upgrade', 'Request the upgrade'],
    ] as const) {
      await walk.page.setViewportSize({ width: 1280, height: 800 });
      await walk.page.getByRole('button', { name: button }).click();
      const dialog = walk.page.getByRole('dialog', { name: button });
      await walk.check(`the dialog "${button}"`);
      await dialog.getByRole('button', { name: submit }).click();
      await dialog.locator('[aria-invalid="true"]').first().waitFor();
      await walk.check(`the dialog "${button}" with its errors`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await walk.context.close();
    expect(walk.findings).toEqual([]);
  });
});
