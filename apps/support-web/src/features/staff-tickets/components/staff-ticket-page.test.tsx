import type { TicketEvent, TicketStatus } from '@portals/domain';
import { jsonResponse, stubApi } from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { agent, openAsAgent, testTicket, testTicketSummary } from '../testing';
// Loaded up front, as the lazy route would load it, so the first test does not pay for the import.
import './staff-ticket-page';

const ticket = testTicket(1042);
const colleague = { id: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b', name: 'Max Manager' };
const agentPerson = { id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'Ada Agent' };
const events: TicketEvent[] = [
  {
    id: 1,
    ticketId: ticket.id,
    kind: 'created',
    visibility: 'public',
    body: 'The licence server stops answering.',
    actor: ticket.requester,
    createdAt: '2026-05-01T09:00:00Z',
  },
  {
    id: 2,
    ticketId: ticket.id,
    kind: 'internal_note',
    visibility: 'internal',
    body: 'Probably the proxy again.',
    actor: agentPerson,
    createdAt: '2026-05-01T09:30:00Z',
  },
];
const cannedReplies = {
  items: [
    {
      id: '4d5e6f7a-8b9c-4d0e-8f1a-2b3c4d5e6f7a',
      title: 'Ask for logs',
      body: 'Please attach the server log of the last hour.',
      updatedAt: '2026-04-01T00:00:00Z',
    },
  ],
  nextCursor: null,
};

const stubTicket = (status: TicketStatus = 'open', extra: Parameters<typeof stubApi>[0] = {}) =>
  stubApi({
    [`GET /v1/tickets/${ticket.id}`]: () => jsonResponse({ ...ticket, status }),
    [`GET /v1/tickets/${ticket.id}/events`]: () => jsonResponse({ items: events, nextCursor: null }),
    'GET /v1/staff/canned-replies': () => jsonResponse(cannedReplies),
    'GET /v1/products': () => jsonResponse({ items: [{ ...ticket.product, components: [], versions: [] }] }),
    ...extra,
  });

const optionsOf = (select: HTMLElement) =>
  [...(select as HTMLSelectElement).options].map((option) => option.value).filter((value) => value !== '');

describe('the staff ticket page', () => {
  it('shows internal notes marked as not visible to the customer', async () => {
    stubTicket();
    openAsAgent(`/staff/tickets/${ticket.id}`);

    const conversation = within(await screen.findByRole('list', { name: 'Conversation and changes' }));
    const note = conversation.getByText('Probably the proxy again.').closest('li');
    expect(note?.textContent).toContain('Internal note — not visible to the customer');
    const opening = conversation.getByText('The licence server stops answering.').closest('li');
    expect(opening?.textContent).not.toContain('Internal note');
  });

  it('shows the response due with the time left, when the first response came, and the breaches', async () => {
    const dueAt = new Date(Date.now() - 30 * 60_000).toISOString();
    stubTicket('open', {
      [`GET /v1/tickets/${ticket.id}`]: () =>
        jsonResponse({
          ...ticket,
          sla: {
            owed: 'next_response',
            dueAt,
            warnAt: new Date(Date.now() - 60 * 60_000).toISOString(),
            pausedAt: null,
            firstResponseDueAt: '2026-05-01T11:00:00Z',
            firstRespondedAt: '2026-05-01T10:00:00Z',
            nextResponseDueAt: dueAt,
          },
          slaBreaches: [{ kind: 'next_response', dueAt, recordedAt: dueAt }],
        }),
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);
    const overdue = await screen.findByText(/overdue$/);
    expect(overdue.className).toContain('sla-overdue');
    const facts = screen.getAllByRole('definition').map((fact) => fact.textContent ?? '');
    expect(facts.some((fact) => /^May 1, 2026/.test(fact))).toBe(true);
    expect(facts.some((fact) => fact.startsWith('Next response due'))).toBe(true);
  });

  it('answers with a public reply by default, says so on the button, and switches to an internal note', async () => {
    const posted: string[] = [];
    stubTicket('open', {
      [`POST /v1/tickets/${ticket.id}/notes`]: ({ body }) => {
        posted.push(`note: ${(body as { body: string }).body}`);
        return jsonResponse({ ...events[1], id: 3 }, { status: 201 });
      },
      [`POST /v1/tickets/${ticket.id}/replies`]: ({ body }) => {
        posted.push(`reply: ${(body as { body: string }).body}`);
        return jsonResponse({ ...events[0], id: 4, kind: 'public_reply' }, { status: 201 });
      },
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);

    const publicChoice = (await screen.findByRole('radio', { name: /Public reply/ })) as HTMLInputElement;
    expect(publicChoice.checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Send public reply' })).toBeDefined();

    fireEvent.click(screen.getByRole('radio', { name: 'Internal note — not visible to the customer' }));
    expect(screen.queryByRole('button', { name: 'Send public reply' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'Checked the proxy.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add internal note' }));

    expect(await screen.findByText('Your internal note was added.')).toBeDefined();
    expect(posted).toEqual(['note: Checked the proxy.']);
  });

  it('fills the reply box with the chosen canned reply', async () => {
    stubTicket();
    openAsAgent(`/staff/tickets/${ticket.id}`);

    const picker = await screen.findByLabelText('Insert a canned reply');
    await waitFor(() => expect(optionsOf(picker)).toEqual([cannedReplies.items[0]?.id]));
    fireEvent.change(picker, { target: { value: cannedReplies.items[0]?.id } });

    expect((screen.getByLabelText('Reply') as HTMLTextAreaElement).value).toBe(
      'Please attach the server log of the last hour.',
    );
  });

  it.each([
    ['new', ['open', 'pending_customer', 'on_hold', 'solved']],
    ['open', ['pending_customer', 'on_hold', 'solved']],
    ['pending_customer', ['open', 'on_hold', 'solved']],
    ['solved', ['open']],
  ] as const)('offers only the legal next statuses of a %s ticket', async (status, expected) => {
    stubTicket(status);
    openAsAgent(`/staff/tickets/${ticket.id}`);

    expect(optionsOf(await screen.findByLabelText('New status'))).toEqual(expected);
  });

  it("shows the requester's rating of a solved ticket, with its comment", async () => {
    stubTicket('solved', {
      [`GET /v1/tickets/${ticket.id}`]: () =>
        jsonResponse({
          ...ticket,
          status: 'solved',
          rating: {
            rating: 'bad',
            comment: 'Took three days',
            ratedBy: ticket.requester,
            ratedAt: '2026-05-03T10:00:00Z',
          },
        }),
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);

    const rating = (await screen.findByText('Rating')).nextElementSibling;
    expect(rating?.textContent).toMatch(
      new RegExp(`^Bad, by ${ticket.requester.name} on .+: “Took three days”$`),
    );
  });

  it('offers no status change on a closed ticket', async () => {
    stubTicket('closed');
    openAsAgent(`/staff/tickets/${ticket.id}`);

    expect(await screen.findByText('Closed: the status cannot change.')).toBeDefined();
    expect(screen.queryByLabelText('New status')).toBeNull();
  });

  it('merges into another ticket after a confirmation naming both, then opens the target', async () => {
    const target = testTicket(1050, { subject: 'Licence server outage' });
    const merged: unknown[] = [];
    stubTicket('open', {
      [`GET /v1/tickets/${target.id}`]: () => jsonResponse(target),
      [`GET /v1/tickets/${target.id}/events`]: () => jsonResponse({ items: [], nextCursor: null }),
      [`POST /v1/tickets/${ticket.id}/merge`]: ({ body }) => {
        merged.push(body);
        return new Response(null, { status: 204 });
      },
    });
    const { router } = openAsAgent(`/staff/tickets/${ticket.id}`);

    fireEvent.click(await screen.findByRole('button', { name: 'Merge into another ticket…' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByLabelText(/The ticket to keep/), {
      target: { value: `https://portal.example/support/staff/tickets/${target.id}` },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Find the ticket' }));

    expect(await screen.findByRole('dialog', { name: 'Merge #1042 into #1050?' })).toBeDefined();
    expect(dialog.getByText(/Licence server outage/)).toBeDefined();
    fireEvent.click(dialog.getByRole('button', { name: 'Merge into #1050' }));

    expect(await screen.findByText('#1042 was merged into #1050.')).toBeDefined();
    expect(merged).toEqual([{ intoTicketId: target.id }]);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/support/staff/tickets/${target.id}`));
  });

  it('merges into a ticket found by the number typed as #1050', async () => {
    const target = testTicket(1050, { subject: 'Licence server outage', organizationName: 'Globex' });
    const numbersAsked: (string | null)[] = [];
    const merged: unknown[] = [];
    stubTicket('open', {
      'GET /v1/tickets': ({ url }) => {
        numbersAsked.push(url.searchParams.get('number'));
        return jsonResponse({ items: [testTicketSummary(1050, { id: target.id })], nextCursor: null });
      },
      [`GET /v1/tickets/${target.id}`]: () => jsonResponse(target),
      [`GET /v1/tickets/${target.id}/events`]: () => jsonResponse({ items: [], nextCursor: null }),
      [`POST /v1/tickets/${ticket.id}/merge`]: ({ body }) => {
        merged.push(body);
        return new Response(null, { status: 204 });
      },
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);

    fireEvent.click(await screen.findByRole('button', { name: 'Merge into another ticket…' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByLabelText(/The ticket to keep/), { target: { value: ' #1050 ' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Find the ticket' }));

    expect(await screen.findByRole('dialog', { name: 'Merge #1042 into #1050?' })).toBeDefined();
    expect(dialog.getByText(/Globex/)).toBeDefined();
    expect(numbersAsked).toEqual(['1050']);
    fireEvent.click(dialog.getByRole('button', { name: 'Merge into #1050' }));
    expect(await screen.findByText('#1042 was merged into #1050.')).toBeDefined();
    expect(merged).toEqual([{ intoTicketId: target.id }]);
  });

  it('says so when no ticket the agent may see has the number typed', async () => {
    stubTicket('open', { 'GET /v1/tickets': () => jsonResponse({ items: [], nextCursor: null }) });
    openAsAgent(`/staff/tickets/${ticket.id}`);

    fireEvent.click(await screen.findByRole('button', { name: 'Merge into another ticket…' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByLabelText(/The ticket to keep/), { target: { value: '9999' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Find the ticket' }));

    expect((await dialog.findByRole('alert')).textContent).toBe('There is no ticket #9999.');
  });

  it('assigns the ticket to a colleague chosen from the staff directory', async () => {
    const assigned: unknown[] = [];
    const membersAsked: (string | null)[] = [];
    stubTicket('open', {
      'GET /v1/staff/members': ({ url }) => {
        membersAsked.push(url.searchParams.get('assignable'));
        return jsonResponse({
          items: [
            { id: agent.id, name: 'Ada Agent', email: 'ada@vendor.example', roles: ['support_agent'] },
            { ...colleague, email: 'max@vendor.example', roles: ['account_manager'] },
          ],
          nextCursor: null,
        });
      },
      [`POST /v1/tickets/${ticket.id}/assignee`]: ({ body }) => {
        assigned.push(body);
        return new Response(null, { status: 204 });
      },
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);

    const picker = await screen.findByRole('combobox', { name: 'Colleague' });
    await waitFor(() => expect(optionsOf(picker)).toEqual([colleague.id]));
    fireEvent.change(picker, { target: { value: colleague.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign to colleague' }));

    expect(await screen.findByText('#1042 is assigned to Max Manager.')).toBeDefined();
    expect(assigned).toEqual([{ assigneeId: colleague.id }]);
    expect(membersAsked).toEqual(['true']);
  });

  it('lists every attachment, internal ones marked, with its sha256 and a download', async () => {
    const sha256 = 'a3f1c2e4b5d60718293a4b5c6d7e8f901a2b3c4d5e6f708192a3b4c5d6e7f809';
    const file = (id: string, fileName: string, visibility: 'public' | 'internal') => ({
      id,
      ticketId: ticket.id,
      eventId: null,
      fileName,
      sizeBytes: 2048,
      sha256,
      contentType: 'text/plain',
      visibility,
      uploader: agentPerson,
      createdAt: '2026-05-01T09:30:00Z',
    });
    stubTicket('open', {
      [`GET /v1/tickets/${ticket.id}/attachments`]: () =>
        jsonResponse({
          items: [
            file('a0000000-0000-4000-8000-000000000001', 'server.log', 'public'),
            file('a0000000-0000-4000-8000-000000000002', 'heap-dump.bin', 'internal'),
          ],
        }),
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);

    const files = within(await screen.findByRole('list', { name: 'Attached files' }));
    const [publicFile, internalFile] = files.getAllByRole('listitem');
    expect(publicFile?.textContent).toContain('server.log');
    expect(publicFile?.textContent).not.toContain('Internal');
    expect(internalFile?.textContent).toContain('heap-dump.bin');
    expect(internalFile?.textContent).toContain('Internal');
    expect(files.getAllByText(sha256)).toHaveLength(2);
    expect(files.getByRole('button', { name: 'Download heap-dump.bin' })).toBeDefined();
    expect(screen.getByLabelText('Attach files to the ticket')).toBeDefined();
  });

  it('uploads the files of an internal note once the note is added, with progress', async () => {
    const notes: unknown[] = [];
    stubTicket('open', {
      [`GET /v1/tickets/${ticket.id}/attachments`]: () => jsonResponse({ items: [] }),
      [`POST /v1/tickets/${ticket.id}/notes`]: ({ body }) => {
        notes.push(body);
        return jsonResponse(
          {
            id: 3,
            ticketId: ticket.id,
            kind: 'internal_note',
            visibility: 'internal',
            body: 'Dump attached',
            actor: agentPerson,
            createdAt: '2026-05-01T11:00:00Z',
          },
          { status: 201 },
        );
      },
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);

    fireEvent.click(await screen.findByRole('radio', { name: /Internal note/ }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Note' }), { target: { value: 'Dump attached' } });
    fireEvent.change(screen.getByLabelText('Attach files to the note'), {
      target: { files: [new File(['boom'], 'heap-dump.bin')] },
    });
    expect(screen.getByRole('list', { name: 'Files to attach' }).textContent).toContain('heap-dump.bin');
    fireEvent.click(screen.getByRole('button', { name: 'Add internal note' }));

    expect(await screen.findByRole('progressbar', { name: 'Upload of heap-dump.bin' })).toBeDefined();
    expect(notes).toEqual([{ body: 'Dump attached' }]);
  });

  it("copies another contact of the ticket's organization, and stops copying one", async () => {
    const copiedContact = { id: '8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c', name: 'Carla Colleague' };
    const newContact = { id: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', name: 'Otto Operator' };
    const changes: unknown[] = [];
    stubApi({
      [`GET /v1/tickets/${ticket.id}`]: () => jsonResponse({ ...ticket, ccs: [copiedContact] }),
      [`GET /v1/tickets/${ticket.id}/events`]: () => jsonResponse({ items: events, nextCursor: null }),
      'GET /v1/staff/canned-replies': () => jsonResponse(cannedReplies),
      'GET /v1/products': () =>
        jsonResponse({ items: [{ ...ticket.product, components: [], versions: [] }] }),
      [`GET /v1/staff/organizations/${ticket.organizationId}/contacts`]: () =>
        jsonResponse({
          items: [
            { ...copiedContact, email: 'carla@acme.example' },
            { ...newContact, email: 'otto@acme.example' },
            { ...ticket.requester, email: 'tess@acme.example' },
          ],
        }),
      [`POST /v1/tickets/${ticket.id}/ccs`]: ({ body }) => {
        changes.push(body);
        return new Response(null, { status: 204 });
      },
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);

    const picker = await screen.findByRole('combobox', { name: 'Copy a contact' });
    expect(optionsOf(picker)).toEqual([newContact.id]);
    fireEvent.change(picker, { target: { value: newContact.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Otto Operator is copied on #1042.')).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Stop copying Carla Colleague' }));
    expect(await screen.findByText('Carla Colleague is no longer copied.')).toBeDefined();
    expect(changes).toEqual([
      { add: [newContact.id], remove: [] },
      { add: [], remove: [copiedContact.id] },
    ]);
  });
});
