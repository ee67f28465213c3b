import type { Ticket } from '@portals/domain';
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
import { colleagues, technicalMe, testEvents, testTicket, ticketId } from '../testing/ticket-fixtures';

const stubActions = (ticket: Ticket = testTicket()) => {
  const changes: { route: string; request: StubbedRequest }[] = [];
  const noContent = (route: string) => (request: StubbedRequest) => {
    changes.push({ route, request });
    return new Response(null, { status: 204 });
  };
  stubApi({
    [`GET /v1/tickets/${ticketId}`]: () => jsonResponse(ticket),
    [`GET /v1/tickets/${ticketId}/events`]: () => jsonResponse({ items: testEvents, nextCursor: null }),
    'GET /v1/contacts/colleagues': () =>
      jsonResponse({
        items: [...colleagues.items, { id: '3c4d5e6f-7081-4a9b-8cbd-2e3f4a5b6c7d', name: 'Dan Dev' }],
      }),
    [`POST /v1/tickets/${ticketId}/severity`]: noContent('severity'),
    [`POST /v1/tickets/${ticketId}/status`]: noContent('status'),
    [`POST /v1/tickets/${ticketId}/ccs`]: noContent('ccs'),
  });
  return changes;
};

const openTicket = () =>
  renderPortal(portal, {
    basename: '/support',
    path: `/support/tickets/${ticketId}`,
    session: createTestSession(technicalMe()),
  });

// The first test of the file also waits for the lazy pages to compile on a busy machine.
describe("a contact's actions on a ticket", { timeout: 15_000 }, () => {
  it('changes the severity only with a reason', async () => {
    const changes = stubActions();
    openTicket();
    fireEvent.click(await screen.findByRole('button', { name: 'Change the severity' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Change the severity of #1042' }));
    fireEvent.click(dialog.getByRole('radio', { name: /1 — Catastrophic/ }));
    fireEvent.click(dialog.getByRole('button', { name: 'Change the severity' }));
    expect(
      await dialog.findByText('Say why the severity changes: it is shown in the timeline.'),
    ).toBeDefined();
    expect(changes).toHaveLength(0);

    fireEvent.change(dialog.getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'Production is down' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Change the severity' }));
    expect(await screen.findByText('The severity is now 1 — Catastrophic.')).toBeDefined();
    expect(changes.map(({ route, request }) => [route, request.body])).toEqual([
      ['severity', { severity: 1, reason: 'Production is down' }],
    ]);
  });

  it('marks a ticket solved after asking', async () => {
    const changes = stubActions();
    openTicket();
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as solved' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Mark #1042 as solved?' }));
    expect(changes).toHaveLength(0);
    fireEvent.click(dialog.getByRole('button', { name: 'Mark as solved' }));
    expect(await screen.findByText('#1042 is solved.')).toBeDefined();
    expect(changes.map(({ request }) => request.body)).toEqual([{ status: 'solved' }]);
  });

  it('reopens a ticket solved within the last 14 days', async () => {
    const changes = stubActions(
      testTicket({ status: 'solved', solvedAt: new Date(Date.now() - 86_400_000).toISOString() }),
    );
    openTicket();
    fireEvent.click(await screen.findByRole('button', { name: 'Reopen the ticket' }));
    await waitFor(() => expect(changes.map(({ request }) => request.body)).toEqual([{ status: 'open' }]));
  });

  it('does not offer to reopen a ticket solved more than 14 days ago', async () => {
    stubActions(
      testTicket({ status: 'solved', solvedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() }),
    );
    openTicket();
    expect(
      await screen.findByText(/solved more than 14 days ago and can no longer be reopened/),
    ).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Reopen the ticket' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open a new ticket' }).getAttribute('href')).toBe(
      '/support/tickets/new',
    );
  });

  it('copies a colleague and stops copying another', async () => {
    const changes = stubActions();
    openTicket();
    const section = within(await screen.findByRole('region', { name: 'Copied colleagues' }));
    const select = await section.findByRole('combobox', { name: 'Copy a colleague' });
    await within(select).findByRole('option', { name: 'Dan Dev' });
    expect(within(select).queryByRole('option', { name: 'Carla Colleague' })).toBeNull();
    fireEvent.change(select, { target: { value: '3c4d5e6f-7081-4a9b-8cbd-2e3f4a5b6c7d' } });
    fireEvent.click(section.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Dan Dev is now copied.')).toBeDefined();
    fireEvent.click(section.getByRole('button', { name: 'Stop copying Carla Colleague' }));
    expect(await screen.findByText('Carla Colleague is no longer copied.')).toBeDefined();
    expect(changes.map(({ request }) => request.body)).toEqual([
      { add: ['3c4d5e6f-7081-4a9b-8cbd-2e3f4a5b6c7d'], remove: [] },
      { add: [], remove: [colleagues.items[0]?.id] },
    ]);
  });
});
