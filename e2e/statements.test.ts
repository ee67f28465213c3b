import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { toastSays, useProductInBrowser, useSubscriberSignIn } from './product';

/** A day `days` from today in the vendor's calendar (UTC), as the API reads dates. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('statements, credit notes and receivables in a real browser', () => {
  const running = useProductInBrowser();
  const signIn = useSubscriberSignIn(running);
  const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  // Acme's demo invoices were issued from 120 days ago on: this period holds them all.
  const period = { from: dayFromToday(-130), to: dayFromToday(0) };
  const fileBase = `statement-EUR-${period.from}-to-${period.to}`;

  it('the main contact produces a statement of the demo invoices and downloads its CSV and PDF', async () => {
    const maria = await signIn('main@acme.example', 'Maria Main');
    await navigation(maria).getByRole('link', { name: 'Statements' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Statements' }).waitFor();
    await maria.getByText(/A statement lists, for one currency and period/).waitFor();
    await maria.getByLabel('Currency').selectOption('EUR');
    await maria.getByLabel('From').fill(period.from);
    await maria.getByLabel('To').fill(period.to);
    await maria.getByRole('button', { name: 'Produce the statement' }).click();
    await toastSays(maria, /^Statement in EUR from .* produced\.$/);
    await maria.getByRole('heading', { level: 1, name: /^Statement in EUR/ }).waitFor();

    const fact = (term: string) =>
      maria.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
    expect(await fact('Opening balance').textContent()).toBe('€0.00');
    expect(await fact('Closing balance').textContent()).not.toBe('€0.00');
    const movements = maria.getByRole('region', { name: 'Movements' });
    await movements.getByRole('cell', { name: 'Bank transfer ACME-7781' }).waitFor();
    await movements.getByRole('cell', { name: 'Purchase order PO-2291' }).waitFor();
    expect(await movements.getByRole('cell', { name: 'Invoice', exact: true }).count()).toBe(3);
    await maria.getByRole('region', { name: "Aging at the period's end" }).getByText('Not yet due').waitFor();

    const [csv] = await Promise.all([
      maria.waitForEvent('download'),
      maria.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`${fileBase}.csv`);
    expect(await readFile(await csv.path(), 'utf8')).toContain('Closing balance');
    const [pdf] = await Promise.all([
      maria.waitForEvent('download'),
      maria.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${fileBase}.pdf`);
    expect((await readFile(await pdf.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('the administrative contact finds the statement in the list', async () => {
    const alan = await signIn('billing@acme.example', 'Alan Admin');
    await navigation(alan).getByRole('link', { name: 'Statements' }).click();
    const list = alan.getByRole('table', { name: 'Statements produced, latest first' });
    await list
      .getByRole('link', { name: /^EUR, / })
      .first()
      .click();
    await alan.getByRole('heading', { level: 1, name: /^Statement in EUR/ }).waitFor();
  });

  it('billing staff see Acme Cloud overdue in the receivables and credit one of its invoices', async () => {
    const bea = await signIn('billing@vendor.example', 'Bea Billing');
    await navigation(bea).getByRole('link', { name: 'Receivables' }).click();
    await bea.getByRole('heading', { level: 1, name: 'Receivables' }).waitFor();
    const acmeRow = bea
      .getByRole('region', { name: 'Organizations' })
      .getByRole('row', { name: /Acme Cloud/ })
      .filter({ hasText: 'EUR' });
    const overdue = acmeRow.locator('.invoice-overdue-amount');
    await overdue.waitFor();
    expect(await overdue.textContent()).toMatch(/^€[\d,]+\.\d\d$/);

    await acmeRow.getByRole('link', { name: 'Acme Cloud' }).click();
    await bea.getByRole('heading', { level: 1, name: 'Acme Cloud' }).waitFor();
    // The partly paid invoice: €2,280.00, of which €1,000.00 paid.
    const partlyPaid = bea.getByRole('region', { name: 'Invoices' }).getByRole('row', { name: /€1,280\.00/ });
    await partlyPaid.getByRole('link').click();
    await bea.getByText('Remaining due: €1,280.00').waitFor();
    await bea.getByRole('button', { name: 'Issue a credit note' }).click();
    const dialog = bea.getByRole('dialog', { name: /^Issue a credit note against INV-/ });
    await dialog.getByLabel('Amount (EUR)').fill('100.00');
    await dialog.getByLabel('Reason').fill('One server was down for a week');
    await dialog.getByRole('button', { name: 'Issue the credit note' }).click();
    await toastSays(
      bea,
      /^Credit note CN-\d{4}-\d{4} of €100\.00 issued against INV-.*: €1,180\.00 remains due\.$/,
    );
    await bea.getByText('Remaining due: €1,180.00').waitFor();
    await bea
      .getByRole('region', { name: 'Credit notes' })
      .getByText('One server was down for a week')
      .waitFor();
  });
});
