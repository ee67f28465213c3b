import type { TicketAttachment, TicketEvent } from '@portals/domain';
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
import { technicalMe, testEvents, testTicket, ticketId } from '../testing/ticket-fixtures';

const sha256 = 'a3f1c2e4b5d60718293a4b5c6d7e8f901a2b3c4d5e6f708192a3b4c5d6e7f809';
const attachment = (overrides: Partial<TicketAttachment>): TicketAttachment => ({
  id: 'a0000000-0000-4000-8000-000000000001',
  ticketId,
  eventId: null,
  fileName: 'server.log',
  sizeBytes: 2048,
  sha256,
  contentType: 'text/plain',
  visibility: 'public',
  uploader: { id: technicalMe().id, name: 'Tom Technical' },
  createdAt: '2026-11-30T09:30:00Z',
  ...overrides,
});
const attachments: TicketAttachment[] = [
  attachment({}),
  attachment({
    id: 'a0000000-0000-4000-8000-000000000002',
    fileName: 'internal-dump.bin',
    visibility: 'internal',
  }),
];

const stubTicketPage = (events: TicketEvent[] = testEvents, ticket = testTicket()) => {
  const replies: StubbedRequest[] = [];
  stubApi({
    [`GET /v1/tickets/${ticketId}`]: () => jsonResponse(ticket),
    [`GET /v1/tickets/${ticketId}/events`]: () => jsonResponse({ items: events, nextCursor: null }),
    [`GET /v1/tickets/${ticketId}/attachments`]: () => jsonResponse({ items: attachments }),
    [`POST /v1/tickets/${ticketId}/replies`]: (request) => {
      replies.push(request);
      return jsonResponse(
        {
          id: 99,
          ticketId,
          actor: { id: technicalMe().id, name: 'Tom Technical' },
          createdAt: '2026-11-30T11:00:00Z',
          visibility: 'public',
          kind: 'public_reply',
          body: (request.body as { body: string }).body,
        },
        { status: 201 },
      );
    },
  });
  return { replies };
};

const openTicket = () =>
  renderPortal(portal, {
    basename: '/support',
    path: `/support/tickets/${ticketId}`,
    session: createTestSession(technicalMe()),
  });

// The first test of the file also waits for the lazy pages to compile on a busy machine.
describe('the ticket page', { timeout: 15_000 }, () => {
  it('shows the header: number, subject, status, severity, product, requester, assignee and CCs', async () => {
    stubTicketPage();
    openTicket();
    expect(
      await screen.findByRole('heading', { level: 1, name: '#1042 Replication lag on node-2' }),
    ).toBeDefined();
    const facts = screen.getAllByRole('definition').map((fact) => fact.textContent);
    expect(facts).toEqual(
      expect.arrayContaining([
        'Open',
        '2 — High impact',
        'Data Platform',
        'Tom Technical',
        'Sam Support',
        'Carla Colleague',
      ]),
    );
  });

  it('tells the contact by when the vendor will answer, and any response that came late', async () => {
    stubTicketPage(
      testEvents,
      testTicket({
        sla: {
          owed: 'next_response',
          dueAt: '2026-12-08T10:00:00Z',
          warnAt: '2026-12-08T09:30:00Z',
          pausedAt: null,
          firstResponseDueAt: '2026-12-07T14:00:00Z',
          firstRespondedAt: '2026-12-07T14:30:00Z',
          nextResponseDueAt: '2026-12-08T10:00:00Z',
        },
        slaBreaches: [
          { kind: 'first_response', dueAt: '2026-12-07T14:00:00Z', recordedAt: '2026-12-07T14:30:00Z' },
        ],
      }),
    );
    openTicket();
    const promise = await screen.findByText(/We will answer by/);
    expect(promise.textContent).toMatch(/Dec 8, 2026/);
    expect(screen.getByText(/First response was due Dec 7, 2026/)).toBeDefined();
  });

  it('shows the conversation and the history, replies as Markdown, changes as one line with their reason', async () => {
    stubTicketPage();
    openTicket();
    const timeline = await screen.findByRole('list', { name: 'Conversation and history' });
    await within(timeline).findByText(/Production is now affected/);
    expect(within(timeline).getByText('midnight').tagName).toBe('STRONG');
    expect(
      within(timeline).getByText(/changed the severity from 3 — Normal to 2 — High impact/),
    ).toBeDefined();
    expect(within(timeline).getByText(/changed the status from New to Open/)).toBeDefined();
  });

  it('renders no script and no javascript: link from a reply, and its links get rel noopener nofollow', async () => {
    stubTicketPage();
    const container = document.body;
    openTicket();
    const link = await screen.findByRole('link', { name: 'docs' });
    expect(link.getAttribute('rel')?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'nofollow']));
    expect(link.getAttribute('target')).toBe('_blank');
    expect(container.querySelector('.timeline script')).toBeNull();
    expect(container.querySelector('.timeline')?.innerHTML.toLowerCase()).not.toContain('javascript:');
  });

  it('never shows an internal event, even if the API sent one', async () => {
    stubTicketPage();
    openTicket();
    const timeline = await screen.findByRole('list', { name: 'Conversation and history' });
    await within(timeline).findByText(/Production is now affected/);
    expect(screen.queryByText(/SECRET/)).toBeNull();
    expect(within(timeline).queryByText(/Assigned to/)).toBeNull();
    expect(within(timeline).getAllByRole('listitem')).toHaveLength(4);
  });

  it('sends a reply with its own Idempotency-Key, a new one for the next message', async () => {
    const { replies } = stubTicketPage();
    openTicket();
    const reply = await screen.findByRole('textbox', { name: 'Your reply' });
    fireEvent.change(reply, { target: { value: 'Logs attached' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the reply' }));
    expect(await screen.findByText('Your reply was sent.')).toBeDefined();
    await waitFor(() =>
      expect((screen.getByRole('textbox', { name: 'Your reply' }) as HTMLTextAreaElement).value).toBe(''),
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Your reply' }), { target: { value: 'And more' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the reply' }));
    await waitFor(() => expect(replies).toHaveLength(2));
    const keys = replies.map((request) => new Headers(request.init?.headers).get('idempotency-key'));
    expect(keys[0]).toBeTruthy();
    expect(keys[0]).not.toBe(keys[1]);
    expect(replies.map((request) => request.body)).toEqual([{ body: 'Logs attached' }, { body: 'And more' }]);
  });

  it('lists the attachments with their sha256 and a download, never an internal one', async () => {
    stubTicketPage();
    openTicket();
    const files = within(await screen.findByRole('list', { name: 'Attached files' }));
    expect(files.getByText('server.log')).toBeDefined();
    expect(files.getByText(sha256)).toBeDefined();
    expect(files.getByRole('button', { name: 'Download server.log' })).toBeDefined();
    expect(screen.queryByText('internal-dump.bin')).toBeNull();
    expect(screen.getByLabelText('Attach files to the ticket')).toBeDefined();
  });

  it('uploads the files of a reply once the reply is sent, with progress', async () => {
    stubTicketPage();
    openTicket();
    fireEvent.change(await screen.findByRole('textbox', { name: 'Your reply' }), {
      target: { value: 'Logs' },
    });
    fireEvent.change(screen.getByLabelText('Attach files to your reply'), {
      target: { files: [new File(['boom'], 'crash.log')] },
    });
    expect(screen.getByRole('list', { name: 'Files to attach to your reply' }).textContent).toContain(
      'crash.log',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send the reply' }));
    expect(await screen.findByRole('progressbar', { name: 'Upload of crash.log' })).toBeDefined();
  });
});
