import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../apps/api/test/free-port';
import { SmtpTestServer } from '../apps/api/test/smtp-test-server';
import { waitForMails } from './mail';
import { startProduct, toastSays, useProductInBrowser, useSubscriberSignIn } from './product';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-${name}.png`), fullPage: true });

describe('questions: a contact asks billing about an invoice, billing answers from its inbox, in a real browser', () => {
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
  });
  afterAll(async () => {
    await smtp?.stop();
  });
  const running = useProductInBrowser(() => startProduct({}, { smtpUrl: smtp.url }));
  const signIn = useSubscriberSignIn(running);
  const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  const subject = 'Two lines for one service?';
  const asked = { id: '', invoiceNumber: '' };

  it('a main contact asks from the invoice page, the invoice chosen already', async () => {
    const maria = await signIn('main@acme.example', 'Maria Main');
    await navigation(maria).getByRole('link', { name: 'Invoices' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    const firstInvoice = maria
      .getByRole('main')
      .getByRole('link', { name: /^INV-\d{4}-\d{4}$/ })
      .first();
    asked.invoiceNumber = (await firstInvoice.textContent()) ?? '';
    await firstInvoice.click();
    await maria.getByRole('heading', { level: 1, name: `Invoice ${asked.invoiceNumber}` }).waitFor();

    await maria.getByRole('link', { name: 'Ask a question about this invoice' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Ask a question' }).waitFor();
    const topic = maria.getByLabel('Topic');
    expect(await topic.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe(
      'Invoicing and billing',
    );
    await maria.getByText('Answered by our billing team.').waitFor();
    const invoice = maria.getByLabel('About the invoice');
    await invoice
      .getByRole('option', { name: `Invoice ${asked.invoiceNumber}` })
      .waitFor({ state: 'attached' });
    expect(
      await invoice.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent),
    ).toBe(`Invoice ${asked.invoiceNumber}`);

    // Sending without a subject is refused next to the field.
    await maria.getByLabel('Your question').fill('The invoice lists support twice. Is that right?');
    await maria.getByRole('button', { name: 'Send the question' }).click();
    await maria.getByText('Give your question a short subject.').waitFor();
    await maria.getByLabel('Subject').fill(subject);
    await screenshot(maria, 'question-new');
    await maria.getByRole('button', { name: 'Send the question' }).click();
    await toastSays(maria, 'Your question was sent to our billing team. You are emailed when they answer.');
    await maria.getByRole('heading', { level: 1, name: subject }).waitFor();
    asked.id = new URL(maria.url()).pathname.split('/').at(-1) ?? '';
    const facts = maria.locator('dl.facts');
    await facts.getByText('Waiting for our answer').waitFor();
    await facts.getByRole('link', { name: asked.invoiceNumber }).waitFor();
  });

  it("billing staff answer from the billing team's inbox", async () => {
    const bea = await signIn('billing@vendor.example', 'Bea Billing');
    await navigation(bea)
      .getByRole('link', { name: /^Questions/ })
      .click();
    await bea.getByRole('heading', { level: 1, name: 'Questions' }).waitFor();
    // The counts are the billing team's only; its open figure filters the list.
    const counts = bea.getByRole('list', { name: 'Questions per team' });
    await counts.getByRole('heading', { name: 'Billing' }).waitFor();
    expect(await counts.getByRole('heading').count()).toBe(1);
    await counts.getByRole('button', { name: '1 open' }).click();
    await bea.getByRole('link', { name: subject }).click();
    await bea.getByRole('heading', { level: 1, name: subject }).waitFor();
    await bea.getByText('The invoice lists support twice. Is that right?').waitFor();
    await bea
      .getByLabel('Your answer')
      .fill('Yes: one line is the **renewal**, the other the added servers.');
    await screenshot(bea, 'question-answer');
    await bea.getByRole('button', { name: 'Send the answer' }).click();
    await toastSays(bea, 'Answered: Maria Main and the main contact are emailed.');
    await bea.locator('dl.facts').getByText('Answered (waiting on the customer)').waitFor();
  });

  it("the answer shows in the contact's thread and arrives by email", async () => {
    const maria = await signIn('main@acme.example', 'Maria Main');
    // On a phone.
    await maria.setViewportSize({ width: 390, height: 844 });
    await maria.goto(`${running.product.baseUrl}/subscriber/questions/${asked.id}`);
    await maria.getByRole('heading', { level: 1, name: subject }).waitFor();
    const thread = maria.getByRole('list', { name: 'Thread' });
    await thread.getByText('Bea Billing (our team)').waitFor();
    // The answer's Markdown shows formatted.
    await thread.getByText('renewal', { exact: true }).and(maria.locator('strong')).waitFor();
    await maria.locator('dl.facts').getByText('Answered').waitFor();
    await screenshot(maria, 'question-answered-phone');

    const [mail, ...more] = await waitForMails(
      smtp,
      'main@acme.example',
      `Answer to your question: ${subject}`,
    );
    expect(more).toEqual([]);
    expect(mail?.text).toContain('Bea Billing answered the question');
    expect(mail?.text).toContain('> Yes: one line is the **renewal**, the other the added servers.');
    expect(mail?.text).toContain(`/subscriber/questions/${asked.id}`);
  });
});
