import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoPassword, toastSays, useProductInBrowser, useSubscriberSignIn } from './product';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

describe('invoices: billing staff write, issue and get paid; contacts read what remains due, in a real browser', () => {
  const running = useProductInBrowser();
  const signIn = useSubscriberSignIn(running);
  const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  /** What the staff's invoice became: its number and its page in the customers' portal. */
  const issued = { number: '', id: '' };

  it('billing staff write a draft for Acme Cloud, issue it and record a partial payment', async () => {
    const bea = await signIn('billing@vendor.example', 'Bea Billing');
    await navigation(bea).getByRole('link', { name: 'Invoices' }).click();
    await bea.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    await bea.getByRole('link', { name: 'New invoice' }).click();
    await bea.getByRole('heading', { level: 1, name: 'New invoice' }).waitFor();

    await bea.getByRole('searchbox', { name: 'Organization' }).fill('Acme Cloud');
    await bea.getByRole('button', { name: 'Acme Cloud (Premium)' }).click();
    await bea.getByText('Chosen:').waitFor();

    const line = (position: number) => bea.getByRole('group', { name: `Line ${position}` });
    await line(1).getByLabel('Description').fill('Premium support, 12 servers');
    await line(1).getByLabel('Quantity').fill('12');
    // More decimals than euros have is refused, never cut.
    await line(1).getByLabel('Unit price (EUR)').fill('80.001');
    await line(1).getByLabel('Tax rate (%)').fill('20');
    await bea.getByRole('button', { name: 'Save as draft' }).click();
    await line(1).getByText('EUR amounts have at most 2 decimals: 80.001 has 3.').waitFor();
    await line(1).getByLabel('Unit price (EUR)').fill('80.00');
    await bea.getByRole('button', { name: 'Add a line' }).click();
    await line(2).getByLabel('Description').fill('Training day');
    await line(2).getByLabel('Unit price (EUR)').fill('500');
    await line(2).getByLabel('Tax rate (%)').fill('8.1');
    const totals = bea.getByRole('region', { name: 'Totals' });
    await totals.getByText('€1,692.50').waitFor();
    await totals.getByText('€40.50').waitFor();
    await screenshot(bea, 'invoice-new');
    await bea.getByRole('button', { name: 'Save as draft' }).click();
    await toastSays(bea, 'Draft saved for Acme Cloud: €1,692.50. Issue it when it is right.');
    await bea.getByRole('heading', { level: 1, name: 'Draft invoice for Acme Cloud' }).waitFor();

    await bea.getByRole('button', { name: 'Issue the invoice' }).click();
    const issue = bea.getByRole('dialog', { name: 'Issue the draft for Acme Cloud?' });
    await issue.getByRole('button', { name: 'Issue the invoice' }).click();
    await toastSays(bea, /^Invoice INV-\d{4}-\d{4} issued to Acme Cloud: €1,692\.50 due by /);
    const heading = bea.getByRole('heading', { level: 1, name: /^Invoice INV-\d{4}-\d{4}$/ });
    await heading.waitFor();
    issued.number = ((await heading.textContent()) ?? '').replace('Invoice ', '');
    issued.id = new URL(bea.url()).pathname.split('/').at(-1) ?? '';
    expect(issued.id).toMatch(/^[0-9a-f-]{36}$/);

    await bea.getByRole('button', { name: 'Record a payment' }).click();
    const payment = bea.getByRole('dialog', { name: `Record a payment of ${issued.number}` });
    await payment.getByLabel('Amount (EUR)').fill('692.50');
    await payment.getByLabel('Reference').fill('ACME-TRF-2026-118');
    await payment.getByRole('button', { name: 'Record the payment' }).click();
    await toastSays(bea, `Payment of €692.50 recorded on ${issued.number}: €1,000.00 remains due.`);
    await bea.getByText('Remaining due: €1,000.00').waitFor();
    await bea.getByRole('region', { name: 'Payments received' }).getByText('ACME-TRF-2026-118').waitFor();
    // With a payment, it can no longer be voided.
    expect(await bea.getByRole('button', { name: 'Void the invoice' }).count()).toBe(0);
    await screenshot(bea, 'invoice-staff');

    // The organization's back-office page lists it too.
    await bea.getByRole('link', { name: 'Acme Cloud' }).click();
    await bea.getByRole('heading', { level: 1, name: 'Acme Cloud' }).waitFor();
    await bea.getByRole('region', { name: 'Invoices' }).getByRole('link', { name: issued.number }).waitFor();
  });

  it("the main contact sees what remains due and downloads the PDF under the invoice's number", async () => {
    expect(issued.number).not.toBe('');
    const maria = await signIn('main@acme.example', 'Maria Main');
    await navigation(maria).getByRole('link', { name: 'Invoices' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    const due = maria.getByRole('region', { name: 'What is due' });
    // Acme's demo invoices are due too: the euro line sums them with this one.
    await due.getByRole('row', { name: /EUR/ }).waitFor();
    await due.getByRole('row', { name: /JPY/ }).waitFor();
    const row = maria.getByRole('row', { name: new RegExp(issued.number) });
    expect(await row.textContent()).toContain('Partly paid');
    expect(await row.textContent()).toContain('€1,000.00');
    await screenshot(maria, 'invoices-customer');
    await row.getByRole('link', { name: issued.number }).click();

    await maria.getByRole('heading', { level: 1, name: `Invoice ${issued.number}` }).waitFor();
    expect(new URL(maria.url()).pathname).toBe(`/subscriber/invoices/${issued.id}`);
    await maria.getByText('Remaining due: €1,000.00').waitFor();
    await maria
      .getByRole('region', { name: 'Lines' })
      .getByRole('rowheader', { name: 'Training day' })
      .waitFor();
    // Customers only read: no staff action is offered.
    expect(await maria.getByRole('button', { name: 'Record a payment' }).count()).toBe(0);

    const [download] = await Promise.all([
      maria.waitForEvent('download'),
      maria.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${issued.number}.pdf`);
    const file = await download.path();
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await screenshot(maria, 'invoice-customer');
  });

  it('the administrative contact sees the same invoice', async () => {
    const alan = await signIn('billing@acme.example', 'Alan Admin');
    await navigation(alan).getByRole('link', { name: 'Invoices' }).click();
    await alan.getByRole('link', { name: issued.number }).click();
    await alan.getByText('Remaining due: €1,000.00').waitFor();
  });

  it('a technical contact has no invoices: no link, the forbidden page, and a 403 from the API', async () => {
    const tara = await signIn('tara@acme.example', 'Tara Tech');
    expect(await navigation(tara).getByRole('link', { name: 'Invoices' }).count()).toBe(0);
    await tara.goto(`${running.product.baseUrl}/subscriber/invoices`);
    await tara.getByRole('heading', { level: 1, name: 'This page is not available to you' }).waitFor();
    await tara
      .getByText("Invoices are read by your organization's main and administrative contacts")
      .waitFor();

    const signedIn = await fetch(`${running.product.baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'tara@acme.example', password: demoPassword }),
    });
    expect(signedIn.status).toBe(200);
    const { accessToken } = (await signedIn.json()) as { accessToken: string };
    for (const url of ['/v1/invoices', `/v1/invoices/${issued.id}`, `/v1/invoices/${issued.id}/pdf`]) {
      const answer = await fetch(`${running.product.baseUrl}${url}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect({ url, status: answer.status }).toEqual({ url, status: 403 });
    }
  });
});
