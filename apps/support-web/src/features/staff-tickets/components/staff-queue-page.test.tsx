import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testMe,
} from '@portals/web-ui/testing';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';
import { agent, openAsAgent, testTicketSummary } from '../testing';
// Loaded up front, as the lazy route would load it, so the first test does not pay for the import.
import './staff-queue-page';

const page = (items: unknown[]) => jsonResponse({ items, nextCursor: null });
const counts = (total: number) =>
  jsonResponse({
    counts: { new: total, open: 0, pending_customer: 0, on_hold: 0, solved: 0, closed: 0 },
    total,
  });

describe('the staff queue', () => {
  it('lists the unassigned view with a count per view', async () => {
    const fetchMock = stubApi({
      'GET /v1/tickets': () => page([testTicketSummary(1041), testTicketSummary(1042)]),
      'GET /v1/tickets/counts': ({ url }) => counts(url.searchParams.get('view') === 'unassigned' ? 2 : 7),
    });
    openAsAgent('/staff/queue');

    expect(await screen.findByRole('rowheader', { name: '#1041 Ticket 1041' })).toBeDefined();
    const views = within(screen.getByRole('navigation', { name: 'Queue views' }));
    await waitFor(() => expect(views.getByRole('button', { name: 'Unassigned (2)' })).toBeDefined());
    expect(views.getByRole('button', { name: 'Mine (7)' })).toBeDefined();
    const listCall = fetchMock.mock.calls.find(([url]) => String(url).includes('/v1/tickets?'));
    expect(new URL(String(listCall?.[0]), 'http://localhost').searchParams.get('view')).toBe('unassigned');
    expect(calledRoutes(fetchMock)).toContain('GET /v1/tickets/counts');
  });

  it('confirms a bulk status change with the number of tickets and sends one request with their ids', async () => {
    const bulkBodies: unknown[] = [];
    const tickets = [testTicketSummary(1041), testTicketSummary(1042), testTicketSummary(1043)];
    stubApi({
      'GET /v1/tickets': () => page(tickets),
      'GET /v1/tickets/counts': () => counts(3),
      'POST /v1/staff/tickets/bulk': ({ body }) => {
        bulkBodies.push(body);
        return jsonResponse({ updated: [tickets[0]?.id, tickets[2]?.id], refused: [] });
      },
    });
    openAsAgent('/staff/queue');

    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select #1041' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select #1043' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'on_hold' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change status…' }));

    const dialog = within(await screen.findByRole('dialog', { name: 'Move 2 tickets to “On hold”?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Change 2 tickets' }));

    expect((await screen.findByText('2 tickets changed.')).textContent).toBe('2 tickets changed.');
    expect(bulkBodies).toEqual([{ ticketIds: [tickets[0]?.id, tickets[2]?.id], status: 'on_hold' }]);
  });

  it("shows the API's 409 detail and each refused ticket in the dialog when the API refuses a bulk change", async () => {
    const tickets = [testTicketSummary(1041), testTicketSummary(1042, { status: 'closed' })];
    stubApi({
      'GET /v1/tickets': () => page(tickets),
      'GET /v1/tickets/counts': () => counts(2),
      'POST /v1/staff/tickets/bulk': () =>
        problemResponse(409, 'invalid_transition', 'Nothing changed: 2 of the tickets cannot move to open', {
          errors: [
            { path: 'body.ticketIds.0', message: 'Ticket #1041 cannot move from open to open' },
            { path: 'body.ticketIds.1', message: 'Closed for good' },
          ],
        }),
    });
    openAsAgent('/staff/queue');

    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select all rows' }));
    fireEvent.click(screen.getByRole('button', { name: 'Change status…' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Move 2 tickets to “Open”?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Change 2 tickets' }));

    expect(
      (await dialog.findByText('Nothing changed: 2 of the tickets cannot move to open')).textContent,
    ).toBeDefined();
    expect(dialog.getByText('Ticket #1041 cannot move from open to open')).toBeDefined();
    expect(dialog.getByText('#1042: Closed for good')).toBeDefined();
  });

  it('assigns a ticket to me from its row', async () => {
    const assigned: unknown[] = [];
    const ticket = testTicketSummary(1041);
    stubApi({
      'GET /v1/tickets': () => page([ticket]),
      'GET /v1/tickets/counts': () => counts(1),
      [`POST /v1/tickets/${ticket.id}/assignee`]: ({ body }) => {
        assigned.push(body);
        return new Response(null, { status: 204 });
      },
    });
    openAsAgent('/staff/queue');

    fireEvent.click(await screen.findByRole('button', { name: 'Assign to me: #1041' }));
    expect(await screen.findByText('#1041 is assigned to you.')).toBeDefined();
    expect(assigned).toEqual([{ assigneeId: '7c2f1e0d-3a4b-4c5d-9e8f-1a2b3c4d5e6f' }]);
  });

  it('shows search hits with the matching words marked, never markup from a fragment', async () => {
    const hit = {
      ...testTicketSummary(1042, { subject: 'Licence server down' }),
      rank: 0.9,
      highlights: ['after &lt;img src=x onerror=alert(1)&gt; the <mark>licence</mark> check'],
    };
    const fetchMock = stubApi({
      'GET /v1/tickets': () => page([]),
      'GET /v1/tickets/counts': () => counts(0),
      'GET /v1/tickets/search': () => page([hit]),
    });
    openAsAgent('/staff/queue');

    fireEvent.change(await screen.findByLabelText('Search tickets'), { target: { value: 'licence' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));

    const results = await screen.findByRole('region', { name: 'Search results' });
    await waitFor(() => expect(results.querySelector('mark')?.textContent).toBe('licence'));
    expect(results.querySelector('img')).toBeNull();
    expect(results.textContent).toContain('after <img src=x onerror=alert(1)> the licence check');
    const searchCall = fetchMock.mock.calls.find(([url]) => String(url).includes('/v1/tickets/search'));
    expect(new URL(String(searchCall?.[0]), 'http://localhost').searchParams.get('q')).toBe('licence');
  });

  it('is in the navigation for staff who read every ticket, and not for a contact', async () => {
    stubApi({ 'GET /v1/tiers': () => jsonResponse({ items: [] }) });
    renderPortal(portal, {
      basename: '/support',
      path: '/support',
      session: createTestSession(testMe({ permissions: ['ticket:read:own', 'ticket:write:own'] })),
    });
    expect(await screen.findByRole('link', { name: 'Maria Main' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Queue' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Canned replies' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'SLA report' })).toBeNull();
    cleanup();

    stubApi({ 'GET /v1/tiers': () => jsonResponse({ items: [] }) });
    renderPortal(portal, { basename: '/support', path: '/support', session: createTestSession(agent) });
    expect(await screen.findByRole('link', { name: 'Ada Agent' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Queue' }).getAttribute('href')).toBe('/support/staff/queue');
    expect(screen.getByRole('link', { name: 'Canned replies' }).getAttribute('href')).toBe(
      '/support/staff/canned-replies',
    );
    expect(screen.getByRole('link', { name: 'SLA report' }).getAttribute('href')).toBe(
      '/support/staff/sla-report',
    );
  });

  it("shows each row's response time left, coloured by urgency, and when the clock is paused", async () => {
    const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
    const sla = (dueAt: string | null, warnAt: string | null, pausedAt: string | null = null) => ({
      owed: 'first_response' as const,
      dueAt,
      warnAt,
      pausedAt,
      firstResponseDueAt: dueAt,
      firstRespondedAt: null,
      nextResponseDueAt: null,
    });
    stubApi({
      'GET /v1/tickets': () =>
        page([
          testTicketSummary(1041, { sla: sla(inHours(5), inHours(4)) }),
          testTicketSummary(1042, { sla: sla(inHours(0.5), inHours(-0.5)) }),
          testTicketSummary(1043, { sla: sla(inHours(-2), inHours(-3)) }),
          testTicketSummary(1044, { sla: sla(null, null, inHours(-1)) }),
        ]),
      'GET /v1/tickets/counts': () => counts(4),
    });
    openAsAgent('/staff/queue');
    const cellOf = async (name: string) =>
      within(await screen.findByRole('row', { name: new RegExp(name) })).getByText(/left|overdue|Paused/);
    expect((await cellOf('#1041')).className).toContain('sla-on_track');
    expect((await cellOf('#1042')).className).toContain('sla-due_soon');
    const overdue = await cellOf('#1043');
    expect(overdue.textContent).toMatch(/^(1 h 59 min|2 h 00 min) overdue$/);
    expect(overdue.className).toContain('sla-overdue');
    expect((await cellOf('#1044')).textContent).toBe('Paused');
  });

  it("shows each row's organization with its tier", async () => {
    stubApi({
      'GET /v1/tickets': () =>
        page([testTicketSummary(1041, { organizationName: 'Globex', organizationTier: 'basic' })]),
      'GET /v1/tickets/counts': () => counts(1),
    });
    openAsAgent('/staff/queue');

    const row = (await screen.findByRole('rowheader', { name: '#1041 Ticket 1041' })).closest('tr');
    const cells = within(row as HTMLElement)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toContain('Globex (Basic)');
  });

  it('finds an organization by a part of its name as the agent types, then lists its tickets', async () => {
    const globex = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const searched: (string | null)[] = [];
    const organizationsListed: (string | null)[] = [];
    stubApi({
      'GET /v1/tickets': ({ url }) => {
        organizationsListed.push(url.searchParams.get('organizationId'));
        return page([testTicketSummary(1041, { organizationId: globex, organizationName: 'Globex' })]);
      },
      'GET /v1/tickets/counts': () => counts(1),
      'GET /v1/staff/organizations': ({ url }) => {
        searched.push(url.searchParams.get('q'));
        return jsonResponse({
          items: [
            {
              id: globex,
              name: 'Globex',
              kind: 'customer',
              tier: 'premium',
              registeringPartner: null,
              mainContact: null,
              nextRenewalDate: null,
            },
          ],
          nextCursor: null,
        });
      },
    });
    openAsAgent('/staff/queue');

    const views = within(await screen.findByRole('navigation', { name: 'Queue views' }));
    fireEvent.click(views.getByRole('button', { name: /^By organization/ }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Organization' }), { target: { value: 'glo' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Globex (Premium)' }));

    expect(await screen.findByText('Globex', { selector: 'strong' })).toBeDefined();
    await waitFor(() => expect(organizationsListed).toContain(globex));
    expect(searched).toEqual(['glo']);
  });

  it('assigns a ticket from its row to any assignable colleague of the staff directory', async () => {
    const colleague = { id: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b', name: 'Max Manager' };
    const ticket = testTicketSummary(1041);
    const assigned: unknown[] = [];
    stubApi({
      'GET /v1/tickets': () => page([ticket]),
      'GET /v1/tickets/counts': () => counts(1),
      'GET /v1/staff/members': () =>
        jsonResponse({
          items: [{ ...colleague, email: 'max@vendor.example', roles: ['account_manager'] }],
          nextCursor: null,
        }),
      [`POST /v1/tickets/${ticket.id}/assignee`]: ({ body }) => {
        assigned.push(body);
        return new Response(null, { status: 204 });
      },
    });
    openAsAgent('/staff/queue');

    fireEvent.click(await screen.findByRole('button', { name: 'Assign #1041 to a colleague' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Assign #1041 to a colleague' }));
    await waitFor(() => expect(dialog.getByRole('option', { name: 'Max Manager' })).toBeDefined());
    fireEvent.change(dialog.getByLabelText('Colleague'), { target: { value: colleague.id } });
    fireEvent.click(dialog.getByRole('button', { name: 'Assign' }));

    expect(await screen.findByText('#1041 is assigned to Max Manager.')).toBeDefined();
    expect(assigned).toEqual([{ assigneeId: colleague.id }]);
  });
});
