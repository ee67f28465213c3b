import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { toastSays, useProductInBrowser, useSubscriberSignIn } from './product';

describe('change requests: a main contact notifies servers, an account manager approves, billing finds the draft', () => {
  const running = useProductInBrowser();
  const signIn = useSubscriberSignIn(running);
  const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  const draft = { id: '' };

  it('the main contact notifies 4 additional servers and follows the request', async () => {
    const maria = await signIn('main@acme.example', 'Maria Main');
    await navigation(maria).getByRole('link', { name: 'Subscriptions' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
    // Acme Cloud holds 40 servers.
    await maria.getByRole('cell', { name: '40', exact: true }).waitFor();

    await maria.getByRole('button', { name: 'Notify additional servers' }).click();
    const dialog = maria.getByRole('dialog', { name: 'Notify additional servers' });
    // A count that is not a whole number is refused next to its field, and nothing is sent.
    await dialog.getByLabel('Additional servers').fill('-4');
    await dialog.getByRole('button', { name: 'Notify the servers' }).click();
    await dialog.getByText('Enter a whole number of servers').waitFor();
    await dialog.getByLabel('Additional servers').fill('4');
    await dialog.getByLabel('Note for the vendor (optional)').fill('New edge site in Lyon');
    await dialog.getByRole('button', { name: 'Notify the servers' }).click();
    await toastSays(maria, /Your request was sent/);
    await dialog.waitFor({ state: 'hidden' });

    await navigation(maria).getByRole('link', { name: 'Change requests' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Change requests' }).waitFor();
    const row = maria.getByRole('row', { name: /4 additional servers/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Submitted');
    expect(await row.textContent()).toContain('Maria Main');
    // The demo's request by Alan Admin is there too.
    await maria.getByRole('row', { name: /Service: OpenNebula Enterprise Edition/ }).waitFor();
  });

  it('the account manager finds it in the inbox, filtered, and approves it', async () => {
    const max = await signIn('accounts@vendor.example', 'Max Manager');
    await navigation(max).getByRole('link', { name: 'Change requests' }).click();
    await max.getByRole('heading', { level: 1, name: 'Change requests' }).waitFor();
    await max.getByText('Submitted: 2').waitFor();

    await max.getByLabel('Kind').selectOption('additional_servers');
    const row = max.getByRole('row', { name: /4 additional servers/ });
    await row.waitFor();
    // The demo's service request leaves the list once the filter applies.
    await max.getByRole('row', { name: /OpenNebula Enterprise Edition/ }).waitFor({ state: 'detached' });
    expect(new URL(max.url()).searchParams.get('kind')).toBe('additional_servers');

    await row.getByRole('button', { name: 'Start review of the request of Acme Cloud' }).click();
    await toastSays(max, 'You are reviewing the request of Acme Cloud.');
    await row.getByText('In review').waitFor();

    await row.getByRole('button', { name: 'Approve the request of Acme Cloud' }).click();
    const approve = max.getByRole('dialog', { name: 'Approve the request of Acme Cloud?' });
    await approve.getByText('Premium, 40 servers').waitFor();
    await approve.getByRole('button', { name: 'Approve and apply' }).click();
    await toastSays(
      max,
      /^Applied: Acme Cloud's subscription changed, and a draft invoice of €[\d,.]+ before tax awaits billing\.$/,
    );

    await max.getByLabel('State').selectOption('applied');
    const applied = max.getByRole('row', { name: /4 additional servers/ });
    await applied.getByText('Max Manager').waitFor();
    const link = applied.getByRole('link', { name: /^Draft invoice, €[\d,.]+ before tax$/ });
    draft.id = ((await link.getAttribute('href')) ?? '').split('/').at(-1) ?? '';
    expect(draft.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the contact sees 44 servers and the applied request, but not the draft', async () => {
    expect(draft.id).not.toBe('');
    const maria = await signIn('main@acme.example', 'Maria Main');
    await maria.goto(`${running.product.baseUrl}/subscriber/subscriptions`);
    await maria.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
    await maria.getByText('44', { exact: true }).waitFor();
    expect(await maria.getByText('40', { exact: true }).count()).toBe(0);

    await maria.goto(`${running.product.baseUrl}/subscriber/change-requests`);
    const row = maria.getByRole('row', { name: /4 additional servers/ });
    await row.getByText('Applied').waitFor();
    expect(await row.textContent()).toContain('Approved by Max Manager');

    await maria.goto(`${running.product.baseUrl}/subscriber/invoices`);
    await maria.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    await maria.getByRole('table').first().waitFor();
    expect(await maria.getByRole('link', { name: 'Draft', exact: true }).count()).toBe(0);
    await maria.goto(`${running.product.baseUrl}/subscriber/invoices/${draft.id}`);
    await maria.getByText('The invoice could not be loaded.').waitFor();
    expect(await maria.getByText(/additional servers, pro-rated/).count()).toBe(0);
  });

  it('billing staff see the pro-rated draft in the invoices pages, ready to issue', async () => {
    const bea = await signIn('billing@vendor.example', 'Bea Billing');
    await navigation(bea).getByRole('link', { name: 'Invoices' }).click();
    await bea.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    await bea.getByLabel('Document').selectOption('draft');
    const row = bea.getByRole('row', { name: /Acme Cloud/ });
    await row.getByRole('link', { name: 'Draft' }).click();
    await bea.getByRole('heading', { level: 1, name: 'Draft invoice for Acme Cloud' }).waitFor();
    expect(new URL(bea.url()).pathname).toBe(`/subscriber/back-office/invoices/${draft.id}`);
    await bea
      .getByRole('region', { name: 'Lines' })
      .getByText(
        /^4 additional servers, pro-rated for \d+ of \d+ days \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\)$/,
      )
      .waitFor();
    await bea.getByRole('button', { name: 'Issue the invoice' }).waitFor();
  });
});
