import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useProductInBrowser } from './product';

const demoPassword = 'portals-demo-2026';
const people = {
  tara: { email: 'tara@acme.example', name: 'Tara Tech' },
  theo: { email: 'theo@acme.example', name: 'Theo Tech' },
  maria: { email: 'main@acme.example', name: 'Maria Main' },
  agent: { email: 'agent@vendor.example', name: 'Sam Support' },
} as const;
type Person = (typeof people)[keyof typeof people];

const subject = 'OneFlow service stuck in DEPLOYING after a front-end failover';
const publicReply =
  'Thanks for the bundle: the OneFlow server lost its lock on failover. Restart it on the new leader.';
const internalNote = 'Known race in the OneFlow leader election; engineering ticket ENG-4711.';
/** A ticket of Theo's from the demo data, which Maria sees and Tara does not. */
const theosTicket = 'VXLAN networks drop large packets between hosts';

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(os.tmpdir(), `portals-e2e-tickets-${name}.png`), fullPage: true });

/** A support bundle large enough for the upload to show its progress: 8 MB of log lines. */
const writeSupportBundle = async (folder: string) => {
  const line = (index: number) =>
    `2026-12-01T10:${String(index % 60).padStart(2, '0')}:00Z [I] oneflow: service 42 role frontend deploying (${index})\n`;
  const lines: string[] = [`support bundle ${randomBytes(8).toString('hex')}\n`];
  let size = lines[0]?.length ?? 0;
  for (let index = 0; size < 8 * 1024 * 1024; index += 1) {
    const next = line(index);
    lines.push(next);
    size += next.length;
  }
  const content = Buffer.from(lines.join(''));
  const file = path.join(folder, 'oneflow-support-bundle.log');
  await writeFile(file, content);
  return {
    file,
    name: 'oneflow-support-bundle.log',
    sha256: createHash('sha256').update(content).digest('hex'),
  };
};

/**
 * Records every value each progress bar shows, from inside the page (a poll every 10 ms), so that a
 * test can tell a bar that moved from one that was only ever full.
 */
const recordProgress = `
  window.__progress = {};
  setInterval(() => {
    for (const bar of document.querySelectorAll('progress')) {
      const name = bar.getAttribute('aria-label') ?? '';
      const seen = (window.__progress[name] ??= []);
      if (seen.at(-1) !== bar.value) seen.push(bar.value);
    }
  }, 10);`;

/** Reports what the Content-Security-Policy refused on the console, where the test listens. */
const reportPolicyViolations = `document.addEventListener('securitypolicyviolation', (event) =>
  console.error('Content Security Policy refused ' + event.violatedDirective + ' ' + event.blockedURI))`;

describe('tickets: a technical contact, an agent, the main contact and a colleague, in a real browser', () => {
  const running = useProductInBrowser();
  let folder: string;
  const contexts: BrowserContext[] = [];
  /** What the Content-Security-Policy refused on any ticket page, by anyone. */
  const refused: string[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'portals-e2e-tickets-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** A new browser context (a person's own browser) signed in to the Support Portal. */
  const signIn = async (person: Person): Promise<Page> => {
    const context = await running.browser.newContext();
    contexts.push(context);
    await context.addInitScript({ content: reportPolicyViolations });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(`${person.email}: ${message.text()}`);
    });
    await page.goto(`${running.product.baseUrl}/support/sign-in`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('banner').getByRole('link', { name: person.name }).waitFor();
    return page;
  };
  const navigate = (page: Page, link: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
  /** The subjects in the contact's ticket list, once it has loaded. */
  const ticketListOf = async (page: Page) => {
    await navigate(page, 'Tickets');
    const table = page.getByRole('table', { name: 'Tickets' });
    await table.getByRole('row').nth(1).waitFor();
    return (await table.textContent()) ?? '';
  };

  it('opens a ticket with an attachment, is answered, and shows each person what the privacy rule allows', async () => {
    // Tara opens a ticket with a support bundle and watches it upload.
    const bundle = await writeSupportBundle(folder);
    const tara = await signIn(people.tara);
    await tara.addInitScript({ content: recordProgress });
    await tara.evaluate(recordProgress);
    // A modest uplink, as from a customer's site, so the progress is there to see.
    const network = await tara.context().newCDPSession(tara);
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 4 * 1024 * 1024,
    });
    await navigate(tara, 'Open a ticket');
    await tara.getByRole('heading', { level: 1, name: 'Open a ticket' }).waitFor();
    await tara.getByLabel('Subject').fill(subject);
    await tara
      .getByRole('textbox', { name: 'Description' })
      .fill('After the front-end failed over to the second node, our **web** service stays in DEPLOYING.');
    await tara.getByLabel('Product').selectOption({ label: 'OpenNebula Enterprise Edition' });
    await tara.getByLabel('Component').selectOption({ label: 'OneFlow' });
    await tara.getByLabel('Version').selectOption({ label: '7.0' });
    await tara.getByLabel('2 — High impact').check();
    await tara.getByLabel('Attach files').setInputFiles(bundle.file);
    await tara.getByRole('button', { name: 'Open the ticket' }).click();

    const heading = tara.getByRole('heading', { level: 1, name: new RegExp(subject) });
    await heading.waitFor();
    const number = (await heading.textContent())?.match(/#(\d+)/)?.[1];
    expect(number, 'the ticket number in the heading').toBeDefined();
    const progress = tara.getByRole('progressbar', { name: `Upload of ${bundle.name}` });
    await progress.waitFor();
    // The sha256 the API computed while storing the file: on the finished upload and the ticket's files.
    await tara
      .getByRole('list', { name: 'Uploads in progress' })
      .getByText(bundle.sha256)
      .waitFor({ timeout: 60_000 });
    await tara.getByRole('list', { name: 'Attached files' }).getByText(bundle.sha256).waitFor();
    const seen = (await tara.evaluate(
      `window.__progress[${JSON.stringify(`Upload of ${bundle.name}`)}] ?? []`,
    )) as number[];
    expect(seen.at(-1)).toBe(100);
    expect(
      seen.some((value) => value > 0 && value < 100),
      `progress seen: ${seen.join(', ')}`,
    ).toBe(true);
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await screenshot(tara, 'opened');

    // The agent finds it unassigned, takes it, answers publicly and notes something internal.
    const agent = await signIn(people.agent);
    await navigate(agent, 'Queue');
    await agent.getByRole('button', { name: /^Unassigned/, pressed: true }).waitFor();
    const row = agent.getByRole('row', { name: new RegExp(subject) });
    await row.waitFor();
    await row.getByRole('button', { name: `Assign to me: #${number}` }).click();
    await agent.getByText(`#${number} is assigned to you.`).waitFor();
    // Taken, it leaves the unassigned view for the agent's own.
    await row.waitFor({ state: 'detached' });
    await agent.getByRole('button', { name: /^Mine/ }).click();
    await agent.getByRole('link', { name: `#${number} ${subject}` }).click();
    await agent.getByRole('heading', { level: 1, name: `#${number} ${subject}` }).waitFor();
    await agent.getByRole('region', { name: 'Conversation' }).getByText(`Attached ${bundle.name}`).waitFor();

    const answer = agent.getByRole('form', { name: 'Answer' });
    await answer.getByRole('radio', { name: 'Public reply — the customer sees it' }).check();
    await answer.getByRole('textbox', { name: 'Reply' }).fill(publicReply);
    await answer.getByRole('button', { name: 'Send public reply' }).click();
    await agent.getByText('Your reply was sent to the customer.').waitFor();
    await answer.getByRole('radio', { name: 'Internal note — not visible to the customer' }).check();
    await answer.getByRole('textbox', { name: 'Note' }).fill(internalNote);
    await answer.getByRole('button', { name: 'Add internal note' }).click();
    await agent.getByText('Your internal note was added.').waitFor();
    const conversation = agent.getByRole('region', { name: 'Conversation' });
    await conversation.getByText(publicReply).waitFor();
    await conversation.getByText(internalNote).waitFor();
    await screenshot(agent, 'answered');

    // Tara sees the reply, and never the note.
    await tara.reload();
    await tara.getByText(publicReply).waitFor();
    expect(await tara.locator('body').textContent()).not.toContain(internalNote);
    const attached = tara.getByRole('list', { name: 'Attached files' });
    await attached.getByText(bundle.sha256).waitFor();
    // What downloads is the file she sent, byte for byte.
    const [download] = await Promise.all([
      tara.waitForEvent('download'),
      attached.getByRole('button', { name: /Download/ }).click(),
    ]);
    // Through a download link the browser followed itself, streaming to disk.
    expect(download.url()).toMatch(/\/attachments\/[0-9a-f-]{36}\/content\?token=/);
    const downloaded = await readFile(await download.path());
    expect(createHash('sha256').update(downloaded).digest('hex')).toBe(bundle.sha256);
    await screenshot(tara, 'reply-seen');

    // Maria, the main contact, sees both technical contacts' tickets.
    const maria = await signIn(people.maria);
    const mariasList = await ticketListOf(maria);
    expect(mariasList).toContain(subject);
    expect(mariasList).toContain(theosTicket);
    await maria.getByRole('link', { name: subject }).click();
    await maria.getByText(publicReply).waitFor();
    expect(await maria.locator('body').textContent()).not.toContain(internalNote);

    // Theo sees Tara's ticket only once Maria switches sharing on.
    const theo = await signIn(people.theo);
    const before = await ticketListOf(theo);
    expect(before).toContain(theosTicket);
    expect(before).not.toContain(subject);

    await navigate(maria, 'Your organization');
    const sharing = maria.getByRole('checkbox', {
      name: "Share all of Acme Cloud's tickets with every technical contact",
    });
    expect(await sharing.isChecked()).toBe(false);
    // The switch shows what the API saved, so it turns on once the answer is back.
    await sharing.click();
    await maria.getByText('Saved: ticket sharing is on.').waitFor();
    expect(await sharing.isChecked()).toBe(true);

    await theo.reload();
    const after = await ticketListOf(theo);
    expect(after).toContain(subject);
    await theo.getByRole('link', { name: subject }).click();
    await theo.getByText(publicReply).waitFor();
    expect(await theo.locator('body').textContent()).not.toContain(internalNote);
    await screenshot(theo, 'shared');

    // Every ticket page ran under the portals' strict policy with nothing refused.
    expect(refused).toEqual([]);
    for (const context of contexts) await context.close();
  });
});
