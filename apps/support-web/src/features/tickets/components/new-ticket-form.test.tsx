import type { Me } from '@portals/domain';
import { ticketSeverityDefinitions } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  renderPortal,
  type StubbedRequest,
  stubApi,
} from '@portals/web-ui/testing';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';
import { catalogue, colleagues, technicalMe, testEvents, testTicket } from '../testing/ticket-fixtures';

const openNewTicket = (me: Me = technicalMe()) =>
  renderPortal(portal, {
    basename: '/support',
    path: '/support/tickets/new',
    session: createTestSession(me),
  });

const createRequests: StubbedRequest[] = [];
const stubTicketApi = () =>
  stubApi({
    'GET /v1/products': () => jsonResponse(catalogue),
    'GET /v1/contacts/colleagues': () => jsonResponse(colleagues),
    'POST /v1/tickets': (request) => {
      createRequests.push(request);
      return jsonResponse(testTicket({ subject: 'Disk full' }), { status: 201 });
    },
    [`GET /v1/tickets/${testTicket().id}`]: () => jsonResponse(testTicket({ subject: 'Disk full' })),
    [`GET /v1/tickets/${testTicket().id}/events`]: () =>
      jsonResponse({ items: testEvents, nextCursor: null }),
  });

afterEach(() => {
  createRequests.length = 0;
  localStorage.clear();
});

const fillIn = async () => {
  fireEvent.change(await screen.findByRole('textbox', { name: 'Subject' }), {
    target: { value: 'Disk full' },
  });
  fireEvent.change(screen.getByRole('textbox', { name: 'Description' }), {
    target: { value: 'The **data** disk is full' },
  });
  const product = screen.getByRole('combobox', { name: 'Product' });
  await within(product).findByRole('option', { name: 'Data Platform' });
  fireEvent.change(product, { target: { value: catalogue.items[0]?.id } });
  fireEvent.change(screen.getByRole('combobox', { name: 'Version' }), {
    target: { value: catalogue.items[0]?.versions[0]?.id },
  });
  fireEvent.click(screen.getByRole('radio', { name: /2 — High impact/ }));
  fireEvent.click(await screen.findByRole('checkbox', { name: 'Carla Colleague' }));
};

// The first test of the file also waits for the lazy pages to compile on a busy machine.
describe('Open a ticket', { timeout: 15_000 }, () => {
  it("shows the vendor's definition beside each severity", async () => {
    stubTicketApi();
    openNewTicket();
    for (const severity of [1, 2, 3, 4] as const) {
      const radio = await screen.findByRole('radio', { name: new RegExp(`^${severity} — `) });
      expect(radio.getAttribute('aria-describedby')).toBeTruthy();
      expect(screen.getByText(ticketSeverityDefinitions[severity].definition)).toBeDefined();
    }
  });

  it('lists only the components and versions of the chosen product', async () => {
    stubTicketApi();
    openNewTicket();
    const product = await screen.findByRole('combobox', { name: 'Product' });
    await within(product).findByRole('option', { name: 'Gateway' });
    fireEvent.change(product, { target: { value: catalogue.items[1]?.id } });
    const version = screen.getByRole('combobox', { name: 'Version' });
    expect(within(version).getByRole('option', { name: '3.0' })).toBeDefined();
    expect(within(version).queryByRole('option', { name: '7.2' })).toBeNull();
  });

  it('previews the description as Markdown', async () => {
    stubTicketApi();
    openNewTicket();
    fireEvent.change(await screen.findByRole('textbox', { name: 'Description' }), {
      target: { value: '**bold** <script>alert(1)</script> [x](javascript:alert(1))' },
    });
    const preview = screen.getByRole('region', { name: 'Preview of description' });
    expect(preview.querySelector('strong')?.textContent).toBe('bold');
    expect(preview.querySelector('script')).toBeNull();
    expect(preview.innerHTML).not.toContain('javascript:');
  });

  it('keeps the draft across a reload, then clears it once the ticket is open', async () => {
    stubTicketApi();
    openNewTicket();
    await fillIn();
    cleanup();

    // A reload: the page mounts again from nothing but what the browser kept.
    openNewTicket();
    expect(((await screen.findByRole('textbox', { name: 'Subject' })) as HTMLInputElement).value).toBe(
      'Disk full',
    );
    expect((screen.getByRole('textbox', { name: 'Description' }) as HTMLTextAreaElement).value).toBe(
      'The **data** disk is full',
    );
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Product' }) as HTMLSelectElement).value).toBe(
        catalogue.items[0]?.id,
      ),
    );
    expect((screen.getByRole('radio', { name: /2 — High impact/ }) as HTMLInputElement).checked).toBe(true);
    expect(
      ((await screen.findByRole('checkbox', { name: 'Carla Colleague' })) as HTMLInputElement).checked,
    ).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Open the ticket' }));
    expect(await screen.findByRole('heading', { level: 1, name: '#1042 Disk full' })).toBeDefined();
    expect(screen.getByText('Ticket #1042 is open.')).toBeDefined();
    expect(createRequests[0]?.body).toEqual({
      subject: 'Disk full',
      description: 'The **data** disk is full',
      productId: catalogue.items[0]?.id,
      componentId: null,
      versionId: catalogue.items[0]?.versions[0]?.id,
      severity: 2,
      ccUserIds: [colleagues.items[0]?.id],
    });
    cleanup();

    openNewTicket();
    expect(((await screen.findByRole('textbox', { name: 'Subject' })) as HTMLInputElement).value).toBe('');
  });

  it('sends one Idempotency-Key for a draft, however often it is submitted', async () => {
    stubTicketApi();
    openNewTicket();
    await fillIn();
    const submit = screen.getByRole('button', { name: 'Open the ticket' });
    fireEvent.click(submit);
    fireEvent.click(submit);
    await screen.findByRole('heading', { level: 1, name: '#1042 Disk full' });
    const keys = createRequests.map((request) => new Headers(request.init?.headers).get('idempotency-key'));
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys[0]).toMatch(/^[\x21-\x7e]+$/);
    expect(new Set(keys).size).toBe(1);
  });

  it("refuses what the domain's schema refuses, saying so beside each field", async () => {
    stubTicketApi();
    openNewTicket();
    fireEvent.click(await screen.findByRole('button', { name: 'Open the ticket' }));
    expect(await screen.findByText('Give the ticket a subject.')).toBeDefined();
    expect(screen.getByText('Choose the product the ticket is about.')).toBeDefined();
    expect(screen.getByText('Choose a severity.')).toBeDefined();
    expect(createRequests).toHaveLength(0);
  });

  it('uploads the chosen files to the new ticket, with progress, on its page', async () => {
    stubTicketApi();
    openNewTicket();
    await fillIn();
    fireEvent.change(screen.getByLabelText('Attach files'), {
      target: { files: [new File(['log'], 'support-bundle.zip')] },
    });
    expect(screen.getByRole('list', { name: 'Files to attach' }).textContent).toContain('support-bundle.zip');
    fireEvent.click(screen.getByRole('button', { name: 'Open the ticket' }));
    await screen.findByRole('heading', { level: 1, name: '#1042 Disk full' });
    expect(await screen.findByRole('progressbar', { name: 'Upload of support-bundle.zip' })).toBeDefined();
  });
});
