import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startProduct, useProductInBrowser } from './product';

const demoPassword = 'portals-demo-2026';
const tara = { email: 'tara@acme.example', name: 'Tara Tech' };
const agent = { email: 'agent@vendor.example', name: 'Sam Support' };
const manager = { email: 'accounts@vendor.example', name: 'Max Manager' };

const subject = 'Scheduler leaves VMs PENDING after adding a cluster';
const firstAnswer = 'The new cluster has no datastores attached yet: the scheduler skips it. Attach one.';
const internalNote = 'Customer skipped the datastore step of our runbook; suggest training for their admins.';
const secondAnswer =
  'To confirm: after attaching the datastore, the pending VMs should deploy within a minute.';
const answerWhileDown = 'Any news? If the VMs are still PENDING, please send us the scheduler log.';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-live-${name}.png`), fullPage: true });

/**
 * A contact and an agent in two browsers: what the agent does shows on the contact's open ticket page
 * and ticket list without a reload (through GET /v1/events), never the agent's internal note, and a
 * dropped stream resumes from where it was. Access tokens live 15 seconds, so the stream also ends and
 * resumes with a fresh token while the test runs.
 */
describe('live updates in the Support Portal, in a real browser', () => {
  const running = useProductInBrowser(() => startProduct({ ACCESS_TOKEN_TTL_SECONDS: '15' }));
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  const signIn = async (person: { email: string; name: string }): Promise<Page> => {
    const context = await running.browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${running.product.baseUrl}/support/sign-in`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('banner').getByRole('link', { name: person.name }).waitFor();
    return page;
  };

  /** The `Last-Event-ID` of each request the page made for the live events stream. */
  const streamRequestsOf = (page: Page) => {
    const lastEventIds: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (!new URL(request.url()).pathname.endsWith('/v1/events')) return;
      void request.allHeaders().then((headers) => lastEventIds.push(headers['last-event-id']));
    });
    return lastEventIds;
  };

  it("shows the agent's replies on the contact's ticket page and list as they are sent, never the internal note, warns staff of each other, and resumes after a drop", async () => {
    // Tara opens a ticket; it stays open in one tab, her ticket list in another.
    const ticketPage = await signIn(tara);
    const streamRequests = streamRequestsOf(ticketPage);
    await ticketPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Open a ticket' })
      .click();
    await ticketPage.getByLabel('Subject').fill(subject);
    await ticketPage
      .getByRole('textbox', { name: 'Description' })
      .fill('We added a third cluster this morning; every VM scheduled there stays PENDING.');
    await ticketPage.getByLabel('Product').selectOption({ label: 'OpenNebula Enterprise Edition' });
    await ticketPage.getByLabel('Component').selectOption({ label: 'Scheduler' });
    await ticketPage.getByLabel('3 — Normal').check();
    await ticketPage.getByRole('button', { name: 'Open the ticket' }).click();
    const heading = ticketPage.getByRole('heading', { level: 1, name: new RegExp(subject) });
    await heading.waitFor();
    const number = (await heading.textContent())?.match(/#(\d+)/)?.[1];
    const ticketId = new URL(ticketPage.url()).pathname.split('/').at(-1);
    expect(number).toBeDefined();

    const listPage = await ticketPage.context().newPage();
    await listPage.goto(`${running.product.baseUrl}/support/tickets`);
    const listRow = listPage
      .getByRole('table', { name: 'Tickets' })
      .getByRole('row', { name: new RegExp(subject) });
    await listRow.getByRole('cell', { name: 'New', exact: true }).waitFor();

    // The agent answers from the staff workspace, in another browser.
    const agentPage = await signIn(agent);
    await agentPage.goto(`${running.product.baseUrl}/support/staff/tickets/${ticketId}`);
    await agentPage.getByRole('heading', { level: 1, name: `#${number} ${subject}` }).waitFor();
    const answer = agentPage.getByRole('form', { name: 'Answer' });
    const reply = async (text: string) => {
      await answer.getByRole('radio', { name: 'Public reply — the customer sees it' }).check();
      await answer.getByRole('textbox', { name: 'Reply' }).fill(text);
      await answer.getByRole('button', { name: 'Send public reply' }).click();
      await agentPage.getByRole('region', { name: 'Conversation' }).getByText(text).waitFor();
    };
    await reply(firstAnswer);

    // Without a reload: the answer on her ticket page, and the ticket open in her list.
    await ticketPage.getByText(firstAnswer).waitFor();
    await listRow.getByRole('cell', { name: 'Open', exact: true }).waitFor();
    await screenshot(ticketPage, 'answer-arrived');

    // An internal note, then another answer: the answer arrives, the note never does.
    await answer.getByRole('radio', { name: 'Internal note — not visible to the customer' }).check();
    await answer.getByRole('textbox', { name: 'Note' }).fill(internalNote);
    await answer.getByRole('button', { name: 'Add internal note' }).click();
    await agentPage.getByRole('region', { name: 'Conversation' }).getByText(internalNote).waitFor();
    await reply(secondAnswer);
    await ticketPage.getByText(secondAnswer).waitFor();
    expect(await ticketPage.locator('body').textContent()).not.toContain(internalNote);
    expect(await listPage.locator('body').textContent()).not.toContain(internalNote);

    // A second member of staff opens the ticket: each sees the other, and Sam sees Max start writing.
    const managerPage = await signIn(manager);
    await managerPage.goto(`${running.product.baseUrl}/support/staff/tickets/${ticketId}`);
    const alsoHere = (page: Page) => page.getByRole('list', { name: 'Also on this ticket' });
    await alsoHere(agentPage).getByText('Max Manager is also viewing this ticket.').waitFor();
    await alsoHere(managerPage)
      .getByText('Sam Support is also viewing this ticket.')
      .waitFor({ timeout: 30_000 });
    await managerPage
      .getByRole('form', { name: 'Answer' })
      .getByRole('textbox', { name: 'Reply' })
      .fill('Checking');
    await alsoHere(agentPage)
      .getByText(/Max Manager is writing on this ticket right now/)
      .waitFor();
    await screenshot(agentPage, 'collision-warning');
    expect(await ticketPage.locator('body').textContent()).not.toContain('Max Manager');

    // The stream drops (its token expires within 15 seconds) and cannot come back for a while.
    await ticketPage.route('**/v1/events*', (route) => route.abort('connectionrefused'));
    await ticketPage.getByText(/Reconnecting…/).waitFor({ timeout: 30_000 });
    await screenshot(ticketPage, 'reconnecting');
    const resumedFrom = streamRequests.length;
    await reply(answerWhileDown);
    // Back: the stream resumes after the last event it had, and what was missed shows.
    await ticketPage.unroute('**/v1/events*');
    await ticketPage.getByText(answerWhileDown).waitFor({ timeout: 60_000 });
    await ticketPage.getByText(/Reconnecting…/).waitFor({ state: 'detached' });
    const resumed = streamRequests.slice(resumedFrom).filter((id) => id !== undefined);
    expect(resumed.length).toBeGreaterThan(0);
    expect(Number(resumed.at(-1))).toBeGreaterThan(0);
    expect(await ticketPage.locator('body').textContent()).not.toContain(internalNote);
    await screenshot(ticketPage, 'resumed');
  });
});
