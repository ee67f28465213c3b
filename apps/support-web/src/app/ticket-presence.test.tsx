import { jsonResponse, type StubbedRequest, stubApi } from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openAsAgent, testTicket } from '../features/staff-tickets/testing';

const ticket = testTicket(1042);
const colleague = { userId: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b', name: 'Max Manager' };

/** A live events stream the test writes presence messages to. */
const liveStream = () => {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start: (started) => {
      controller = started;
    },
  });
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    presence: (ticketId: string, state: string) =>
      controller?.enqueue(
        new TextEncoder().encode(
          `event: presence\ndata: ${JSON.stringify({ ticketId, ...colleague, state })}\n\n`,
        ),
      ),
  };
};

describe('who else is on a ticket, for staff', { timeout: 20_000 }, () => {
  it('announces the agent on the page, warns of a colleague typing on it, and forgets them when they leave', async () => {
    const stream = liveStream();
    const announced: StubbedRequest[] = [];
    stubApi({
      [`GET /v1/tickets/${ticket.id}`]: () => jsonResponse(ticket),
      [`GET /v1/tickets/${ticket.id}/events`]: () => jsonResponse({ items: [], nextCursor: null }),
      'GET /v1/staff/canned-replies': () => jsonResponse({ items: [], nextCursor: null }),
      'GET /v1/products': () =>
        jsonResponse({ items: [{ ...ticket.product, components: [], versions: [] }] }),
      'GET /v1/events': () => stream.response,
      [`POST /v1/tickets/${ticket.id}/presence`]: (request) => {
        announced.push(request);
        return new Response(null, { status: 204 });
      },
    });
    openAsAgent(`/staff/tickets/${ticket.id}`);
    await waitFor(() =>
      expect(announced.map((request) => request.body)).toContainEqual({ state: 'viewing' }),
    );

    stream.presence('00000000-0000-4000-8000-000000009999', 'typing');
    stream.presence(ticket.id, 'typing');
    const warning = await screen.findByRole('list', { name: 'Also on this ticket' });
    expect(warning.textContent).toBe(
      'Max Manager is writing on this ticket right now: check before you answer.',
    );

    // Typing here tells the others too.
    fireEvent.input(await screen.findByRole('textbox', { name: 'Reply' }), { target: { value: 'On it' } });
    await waitFor(() => expect(announced.map((request) => request.body)).toContainEqual({ state: 'typing' }));

    stream.presence(ticket.id, 'left');
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Also on this ticket' })).toBeNull());
  });
});
