import {
  createTestSession,
  jsonResponse,
  renderPortal,
  type StubbedRequest,
  stubApi,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';
import {
  catalogue,
  colleagues,
  mainMe,
  summaryOf,
  technicalMe,
  testTicket,
} from '../testing/ticket-fixtures';

const counts = {
  counts: { new: 0, open: 1, pending_customer: 2, on_hold: 0, solved: 0, closed: 0 },
  total: 3,
};

const stubListApi = (items = [summaryOf(testTicket())], sharing = false) => {
  const listRequests: StubbedRequest[] = [];
  const fetchMock = stubApi({
    'GET /v1/tickets': (request) => {
      listRequests.push(request);
      return jsonResponse({ items, nextCursor: null });
    },
    'GET /v1/tickets/counts': () => jsonResponse(counts),
    'GET /v1/products': () => jsonResponse(catalogue),
    'GET /v1/contacts/colleagues': () => jsonResponse(colleagues),
    'GET /v1/organization': () =>
      jsonResponse({
        id: testTicket().organizationId,
        name: 'Acme',
        kind: 'customer',
        partnerLevel: null,
        ticketSharing: sharing,
      }),
  });
  return { fetchMock, listRequests };
};

const openList = (me = technicalMe(), path = '/support/tickets') =>
  renderPortal(portal, { basename: '/support', path, session: createTestSession(me) });

// The first test of the file also waits for the lazy pages to compile on a busy machine.
describe('the ticket list', { timeout: 15_000 }, () => {
  it('says what to do when there are no tickets yet', async () => {
    stubListApi([]);
    openList();
    expect(await screen.findByText(/No tickets yet — open one/)).toBeDefined();
    expect(screen.getAllByRole('link', { name: 'Open a ticket' }).length).toBeGreaterThan(0);
  });

  it('lists tickets with links to their pages, and a count per status as filter chips', async () => {
    stubListApi();
    openList();
    const link = await screen.findByRole('link', { name: 'Replication lag on node-2' });
    expect(link.getAttribute('href')).toBe(`/support/tickets/${testTicket().id}`);
    expect(await screen.findByRole('button', { name: 'Waiting on you (2)' })).toBeDefined();
  });

  it('shows by when the vendor will answer each ticket waiting on it, and nothing for the others', async () => {
    const waiting = testTicket({
      sla: {
        owed: 'first_response',
        dueAt: '2026-12-08T10:00:00Z',
        warnAt: '2026-12-08T09:30:00Z',
        pausedAt: null,
        firstResponseDueAt: '2026-12-08T10:00:00Z',
        firstRespondedAt: null,
        nextResponseDueAt: null,
      },
    });
    const answered = testTicket({
      id: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0fa',
      number: 1043,
      subject: 'Answered',
    });
    stubListApi([summaryOf(waiting), summaryOf(answered)]);
    openList();
    const header = await screen.findByRole('columnheader', { name: 'We answer by' });
    const column = [...(header.parentElement?.children ?? [])].indexOf(header);
    const cellIn = async (name: string) =>
      (await screen.findByRole('row', { name: new RegExp(name) })).querySelectorAll('td, th')[column]
        ?.textContent;
    expect(await cellIn('#1042')).toMatch(/Dec 8, 2026/);
    expect(await cellIn('#1043')).toBe('—');
  });

  it('puts the filters in the address and the request, and keeps them when the page opens again', async () => {
    const { listRequests } = stubListApi();
    const { router } = openList();
    await screen.findByRole('link', { name: 'Replication lag on node-2' });

    fireEvent.click(await screen.findByRole('button', { name: 'Waiting on you (2)' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Severity' }), { target: { value: '1' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search tickets' }), { target: { value: 'lag' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));

    await waitFor(() => expect(router.state.location.search).toContain('q=lag'));
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('status')).toBe('pending_customer');
    expect(params.get('severity')).toBe('1');
    await waitFor(() => {
      const last = listRequests.at(-1)?.url.searchParams;
      expect(last?.get('status')).toBe('pending_customer');
      expect(last?.get('severity')).toBe('1');
      expect(last?.get('q')).toBe('lag');
    });
    expect(screen.getByRole('button', { name: 'Waiting on you (2)', pressed: true })).toBeDefined();
  });

  it('reads the filters from the address it opens at', async () => {
    const { listRequests } = stubListApi([]);
    openList(technicalMe(), '/support/tickets?view=copied&status=open&q=disk');
    expect(await screen.findByText('No ticket matches these filters.')).toBeDefined();
    const query = listRequests[0]?.url.searchParams;
    expect(query?.get('view')).toBe('copied');
    expect(query?.get('status')).toBe('open');
    expect(query?.get('q')).toBe('disk');
    expect((screen.getByRole('searchbox', { name: 'Search tickets' }) as HTMLInputElement).value).toBe(
      'disk',
    );
  });

  it("does not offer a technical contact the organization's view while sharing is off", async () => {
    stubListApi();
    openList();
    const views = within(await screen.findByRole('navigation', { name: 'Ticket views' }));
    expect(views.getByRole('button', { name: 'Opened by me' })).toBeDefined();
    expect(views.getByRole('button', { name: 'Copied to me' })).toBeDefined();
    expect(views.queryByRole('button', { name: "My organization's" })).toBeNull();
  });

  it("offers a technical contact the organization's view once sharing is on", async () => {
    stubListApi([summaryOf(testTicket())], true);
    openList();
    const views = within(await screen.findByRole('navigation', { name: 'Ticket views' }));
    expect(await views.findByRole('button', { name: "My organization's" })).toBeDefined();
  });

  it("offers the main contact the organization's view and a requester filter", async () => {
    const { listRequests } = stubListApi();
    openList(mainMe());
    const views = within(await screen.findByRole('navigation', { name: 'Ticket views' }));
    fireEvent.click(views.getByRole('button', { name: "My organization's" }));
    const requester = screen.getByRole('combobox', { name: 'Requester' });
    await within(requester).findByRole('option', { name: 'Carla Colleague' });
    fireEvent.change(requester, { target: { value: colleagues.items[0]?.id } });
    await waitFor(() => {
      const last = listRequests.at(-1)?.url.searchParams;
      expect(last?.get('view')).toBe('organization');
      expect(last?.get('requesterId')).toBe(colleagues.items[0]?.id);
    });
  });
});
