import { createHmac } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useProductInBrowser } from './product';

const demoPassword = 'portals-demo-2026';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

/** RFC 4648 base32, as the page shows the authenticator key (spaces between groups ignored). */
const decodeBase32 = (text: string): Buffer => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let value = 0;
  let bits = 0;
  for (const character of text.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(character);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
};

/** The 30-second step a moment falls in (RFC 6238). */
const timeStep = (at = Date.now()) => Math.floor(at / 30_000);

/** What an authenticator app shows in `step`: HOTP (RFC 4226) with HMAC-SHA1, 6 digits. */
const authenticatorCode = (key: string, step: number): string => {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', decodeBase32(key)).update(counter).digest();
  const offset = (mac.at(-1) ?? 0) & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
};

/** Calls the API as a third-party system would, with an API token. */
const subscriptionsStatusWith = async (baseUrl: string, token: string): Promise<number> =>
  (await fetch(`${baseUrl}/v1/subscriptions`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('account security in the Support Portal: two-factor sign-in and API tokens', () => {
  const running = useProductInBrowser();

  it('sets up two-factor sign-in, signs in with a code, and creates, uses and revokes an API token', async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    const accountLink = page.getByRole('banner').getByRole('link', { name: 'Tara Tech' });
    const signInWithPassword = async () => {
      await page.getByLabel('Email').fill('tara@acme.example');
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };

    await page.goto(`${running.product.baseUrl}/support/sign-in`);
    await signInWithPassword();
    await accountLink.click();
    const twoFactor = page.getByRole('region', { name: 'Two-factor sign-in' });
    await twoFactor.getByRole('button', { name: 'Set up two-factor sign-in' }).click();

    // The QR code is drawn in the page, beside the key.
    const qrCode = twoFactor.getByRole('img', { name: 'QR code of the key, for the authenticator app' });
    await qrCode.waitFor();
    expect(await qrCode.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(
      await qrCode.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    const key = (await twoFactor.locator('code.secret').textContent()) ?? '';
    expect(key).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    await screenshot(page, 'two-factor-set-up');
    const enrolledInStep = timeStep();
    await twoFactor.getByLabel('Authentication code').fill(authenticatorCode(key, enrolledInStep));
    await twoFactor.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const recoveryCodes = twoFactor.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await recoveryCodes.first().waitFor();
    expect(await recoveryCodes.count()).toBe(10);
    await screenshot(page, 'two-factor-recovery-codes');
    await twoFactor.getByRole('button', { name: 'I have stored them' }).click();
    expect(await twoFactor.locator('.status').textContent()).toBe('On');

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the Support Portal' }).waitFor();
    await signInWithPassword();
    // The code field has the focus: the person types the code straight away.
    await page.getByLabel('Authentication code').waitFor();
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('autocomplete')"))
      .toBe('one-time-code');
    // The step used to turn it on is spent; the next one is accepted early, as clocks drift.
    await page.getByLabel('Authentication code').fill(authenticatorCode(key, enrolledInStep + 1));
    await screenshot(page, 'two-factor-sign-in');
    await page.getByRole('button', { name: 'Continue' }).click();
    await accountLink.click();

    await page.getByRole('link', { name: 'Manage your API tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.getByLabel('Name').fill('Monitoring bridge');
    await page.getByLabel("Read your organization's subscriptions").check();
    await page.getByRole('button', { name: 'Create the token' }).click();
    const created = page.getByRole('region', { name: 'Copy the token “Monitoring bridge” now' });
    const token = (await created.locator('code.secret').textContent()) ?? '';
    expect(token.length).toBeGreaterThan(20);
    await screenshot(page, 'api-token-created');
    expect(await subscriptionsStatusWith(running.product.baseUrl, token)).toBe(200);
    await created.getByRole('button', { name: 'Done' }).click();
    await page.getByText(token).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Revoke Monitoring bridge' }).click();
    await page.getByRole('button', { name: 'Revoke the token' }).click();
    const row = page.getByRole('row', { name: /Monitoring bridge/ });
    await row.getByText('Revoked').waitFor();
    await screenshot(page, 'api-token-revoked');
    expect(await subscriptionsStatusWith(running.product.baseUrl, token)).toBe(401);
    await context.close();
  });

  it('tells an administrator on every page that their rights wait for two-factor sign-in, leading to set it up', async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${running.product.baseUrl}/support/sign-in`);
    await page.getByLabel('Email').fill('admin@vendor.example');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const banner = page.getByRole('complementary', { name: 'Two-factor sign-in needed' });
    await page.getByText('Welcome, Ada Admin').waitFor();
    expect(await banner.textContent()).toBe('Your administrator rights need two-factor sign-in: set it up');
    await screenshot(page, 'two-factor-required-banner');
    await banner.getByRole('link', { name: 'set it up' }).click();
    const twoFactor = page.getByRole('region', { name: 'Two-factor sign-in' });
    await twoFactor.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();
    await banner.waitFor();
    await context.close();
  });

  it('signs another device out from the account page, and changes the password with the current one', async () => {
    const bob = { name: 'Bob Basic', email: 'main@basic.example' };
    const newPassword = 'bob-changed-his-password-2026';
    const signIn = async (page: Page, password: string) => {
      await page.goto(`${running.product.baseUrl}/subscriber/sign-in`);
      await page.getByLabel('Email').fill(bob.email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('banner').getByRole('link', { name: bob.name }).waitFor();
    };
    const laptopContext = await running.browser.newContext();
    const laptop = await laptopContext.newPage();
    const phoneContext = await running.browser.newContext({
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Safari/604.1',
    });
    const phone = await phoneContext.newPage();
    await signIn(laptop, demoPassword);
    await signIn(phone, demoPassword);

    await laptop.getByRole('banner').getByRole('link', { name: bob.name }).click();
    const devices = laptop.getByRole('region', { name: 'Where you are signed in' });
    await devices.getByText('This device').waitFor();
    const phoneRow = devices.getByRole('row', { name: /Safari on iPhone/ });
    await phoneRow.waitFor();
    await screenshot(laptop, 'account-signed-in-devices');
    await phoneRow.getByRole('button', { name: /^Sign out Safari on iPhone/ }).click();
    await laptop.getByRole('dialog').getByRole('button', { name: 'Sign it out' }).click();
    await phoneRow.waitFor({ state: 'detached' });

    // The phone is signed out at once: its next request is refused, and it cannot renew its session.
    await phone.reload();
    await phone.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
    // The laptop went on, renewing its access token unnoticed.
    await laptop.reload();
    await laptop.getByRole('region', { name: 'Where you are signed in' }).getByText('This device').waitFor();

    const change = laptop.getByRole('region', { name: 'Change your password' });
    await change.getByLabel('Current password').fill(demoPassword);
    await change.getByLabel('New password', { exact: true }).fill(newPassword);
    await change.getByLabel('Confirm the new password').fill(newPassword);
    await change.getByRole('button', { name: 'Change the password' }).click();
    await change.getByText('Your password was changed. Every other device has been signed out.').waitFor();
    await screenshot(laptop, 'account-password-changed');
    // Still signed in here, after a reload (the new refresh cookie).
    await laptop.reload();
    await laptop.getByRole('region', { name: 'Where you are signed in' }).getByText('This device').waitFor();

    await signIn(phone, newPassword);
    await laptopContext.close();
    await phoneContext.close();
  });
});
