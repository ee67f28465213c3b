import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPassword, desktop, PortalWalk, portalRoutes } from './accessibility';
import { toastSays, useProductInBrowser } from './product';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

describe('invoice drafts: billing staff edit and delete them before issuing, in a real browser', () => {
  const running = useProductInBrowser();
  const walks: PortalWalk[] = [];
  afterAll(async () => {
    for (const walk of walks) await walk.close();
  });

  /** Bea Billing in the Subscriber Portal, in a browser of her own that axe can check. */
  const signInBea = async (): Promise<PortalWalk> => {
    const walk = await PortalWalk.open(
      running.browser,
      {
        baseUrl: running.product.baseUrl,
        prefix: '/subscriber/',
        routes: portalRoutes('subscriber-web'),
      },
      'Bea Billing',
    );
    walks.push(walk);
    await walk.signIn({ name: 'Bea Billing', email: 'billing@vendor.example' });
    return walk;
  };

  /** Writes a draft for Acme Cloud on the New invoice page; answers its id, its page open. */
  const writeDraft = async (
    page: Page,
    lines: { description: string; quantity: string; unitPrice: string; taxRate: string }[],
    total: string,
  ): Promise<string> => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { level: 1, name: 'New invoice' }).waitFor();
    await page.getByRole('searchbox', { name: 'Organization' }).fill('Acme Cloud');
    await page.getByRole('button', { name: 'Acme Cloud (Premium)' }).click();
    for (const [index, line] of lines.entries()) {
      if (index > 0) await page.getByRole('button', { name: 'Add a line' }).click();
      const fields = page.getByRole('group', { name: `Line ${index + 1}` });
      await fields.getByLabel('Description').fill(line.description);
      await fields.getByLabel('Quantity').fill(line.quantity);
      await fields.getByLabel('Unit price (EUR)').fill(line.unitPrice);
      await fields.getByLabel('Tax rate (%)').fill(line.taxRate);
    }
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await toastSays(page, `Draft saved for Acme Cloud: ${total}. Issue it when it is right.`);
    await page.getByRole('heading', { level: 1, name: 'Draft invoice for Acme Cloud' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    return id;
  };

  /** The total in the invoice page's facts. */
  const factsTotal = (page: Page) =>
    page
      .locator('dl.facts')
      .getByText('Total', { exact: true })
      .locator('xpath=following-sibling::dd')
      .textContent();

  it('write a draft, change a line’s quantity and see the new total, then delete another draft', async () => {
    const walk = await signInBea();
    const { page } = walk;
    const kept = await writeDraft(
      page,
      [
        { description: 'Premium support, 12 servers', quantity: '12', unitPrice: '80.00', taxRate: '20' },
        { description: 'Training day', quantity: '1', unitPrice: '500', taxRate: '8.1' },
      ],
      '€1,692.50',
    );
    expect(await factsTotal(page)).toBe('€1,692.50');

    await page.getByRole('button', { name: 'Edit the draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the draft for Acme Cloud' });
    const line = (position: number) => dialog.getByRole('group', { name: `Line ${position}` });
    expect(await line(1).getByLabel('Unit price (EUR)').inputValue()).toBe('80.00');
    expect(await line(2).getByLabel('Tax rate (%)').inputValue()).toBe('8.1');
    // The form in its dialog, at a desktop's and a phone's width: axe, and nothing wider than the window.
    await walk.check('the edit form of a draft invoice');
    await screenshot(page, 'invoice-draft-edit-phone');
    await page.setViewportSize(desktop);
    expect(walk.findings).toEqual([]);

    await line(1).getByLabel('Quantity').fill('10');
    // 10 × €80.00 at 20 % and €500.00 at 8.1 %: €1,300.00 + €200.50 tax.
    await dialog.getByRole('region', { name: 'Totals' }).getByText('€1,500.50').waitFor();
    await line(1).getByText('Amount of line 1: €800.00').waitFor();
    await dialog.getByRole('button', { name: 'Save the changes' }).click();
    await toastSays(page, 'Draft for Acme Cloud saved: 2 lines, €1,500.50 in all.');
    await dialog.waitFor({ state: 'hidden' });
    const saved = page.getByRole('region', { name: 'Lines' }).getByRole('row', { name: /Premium support/ });
    expect(await saved.getByRole('cell').allTextContents()).toEqual(['10', '€80.00', '20 %', '€800.00']);
    expect(await factsTotal(page)).toBe('€1,500.50');
    // Read again from the API, the page shows the same.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Draft invoice for Acme Cloud' }).waitFor();
    expect(await factsTotal(page)).toBe('€1,500.50');
    await screenshot(page, 'invoice-draft-edited');

    const doomed = await writeDraft(
      page,
      [{ description: 'Written by mistake', quantity: '1', unitPrice: '10', taxRate: '0' }],
      '€10.00',
    );
    await page.getByRole('button', { name: 'Delete the draft' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the draft for Acme Cloud?' });
    await confirm.getByText('The draft of €10.00 and its lines are deleted.').waitFor();
    await confirm.getByRole('button', { name: 'Delete the draft' }).click();
    await toastSays(page, 'The draft for Acme Cloud was deleted.');
    await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/subscriber/back-office/invoices');

    // The deleted draft is gone; the edited one is still there as saved.
    await page.goto(`${running.product.baseUrl}/subscriber/back-office/invoices/${doomed}`);
    await page.getByText('The invoice could not be loaded.').waitFor();
    await page.getByText('The invoice was not found').waitFor();
    await page.goto(`${running.product.baseUrl}/subscriber/back-office/invoices/${kept}`);
    await page.getByRole('heading', { level: 1, name: 'Draft invoice for Acme Cloud' }).waitFor();
    expect(await factsTotal(page)).toBe('€1,500.50');
  });

  it('a draft issued while its edit form is open: the refusal is said, the typed changes stay', async () => {
    const walk = await signInBea();
    const { page } = walk;
    const id = await writeDraft(
      page,
      [{ description: 'Consulting, hours', quantity: '4', unitPrice: '150', taxRate: '20' }],
      '€720.00',
    );
    await page.getByRole('button', { name: 'Edit the draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the draft for Acme Cloud' });
    await dialog.getByLabel('Quantity').fill('6');

    // Meanwhile, the draft is issued elsewhere.
    const signedIn = await fetch(`${running.product.baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'billing@vendor.example', password: demoPassword }),
    });
    const { accessToken } = (await signedIn.json()) as { accessToken: string };
    const issued = await fetch(`${running.product.baseUrl}/v1/staff/invoices/${id}/issue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(issued.status).toBe(200);

    await dialog.getByRole('button', { name: 'Save the changes' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('The invoice is issued: only a draft is edited').waitFor();
    await alert
      .getByText('Nothing was saved; your changes are still in the form.', { exact: false })
      .waitFor();
    expect(await dialog.getByLabel('Quantity').inputValue()).toBe('6');
    await screenshot(page, 'invoice-draft-conflict');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { level: 1, name: /^Invoice INV-\d{4}-\d{4}$/ }).waitFor();
    expect(await factsTotal(page)).toBe('€720.00');
    expect(await page.getByRole('button', { name: 'Edit the draft' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete the draft' }).count()).toBe(0);
  });
});
