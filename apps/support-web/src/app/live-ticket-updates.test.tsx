import type { LiveTicketEvent } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  renderPortal,
  type StubbedRequest,
  stubApi,
} from '@portals/web-ui/testing';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  catalogue,
  colleagues,
  summaryOf,
  technicalMe,
  testTicket,
} from '../features/tickets/testing/ticket-fixtures';
import { portal } from './portal';

/** A live events stream the test writes to, and drops, when it chooses. */
const liveStream = () => {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start: (started) => {
      controller = started;
    },
  });
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    send: (event: LiveTicketEvent) =>
      controller?.enqueue(
        new TextEncoder().encode(`id: ${event.id}\nevent: ticket\ndata: ${JSON.stringify(event)}\n\n`),
      ),
    drop: () => controller?.close(),
  };
};

const counts = {
  counts: { new: 1, open: 0, pending_customer: 0, on_hold: 0, solved: 0, closed: 0 },
  total: 1,
};
const first = testTicket();
const second = testTicket({
  id: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e',
  number: 1043,
  subject: 'Gateway certificate expired',
});

describe('live updates of the ticket list', { timeout: 20_000 }, () => {
  it('shows a ticket opened elsewhere without a reload, and says when it is reconnecting', async () => {
    const streams = [liveStream(), liveStream()];
    const streamRequests: StubbedRequest[] = [];
    let listed = [summaryOf(first)];
    stubApi({
      'GET /v1/tickets': () => jsonResponse({ items: listed, nextCursor: null }),
      'GET /v1/tickets/counts': () => jsonResponse(counts),
      'GET /v1/products': () => jsonResponse(catalogue),
      'GET /v1/contacts/colleagues': () => jsonResponse(colleagues),
      'GET /v1/events': (request) => {
        streamRequests.push(request);
        return streams[streamRequests.length - 1]?.response ?? new Promise<Response>(() => undefined);
      },
    });
    renderPortal(portal, {
      basename: '/support',
      path: '/support/tickets',
      session: createTestSession(technicalMe()),
    });
    await screen.findByRole('link', { name: first.subject });
    await waitFor(() => expect(streamRequests).toHaveLength(1));
    expect(streamRequests[0]?.authorization).toMatch(/^Bearer /);

    listed = [summaryOf(second), summaryOf(first)];
    streams[0]?.send({
      id: 17,
      ticketId: second.id,
      ticketNumber: second.number,
      kind: 'created',
      visibility: 'public',
      status: 'new',
      severity: 3,
      createdAt: '2026-12-02T10:00:00.000Z',
    });
    expect(await screen.findByRole('link', { name: second.subject })).toBeDefined();

    streams[0]?.drop();
    expect(await screen.findByText(/Reconnecting…/)).toBeDefined();
    await waitFor(() => expect(streamRequests).toHaveLength(2), { timeout: 5_000 });
    expect(new Headers(streamRequests[1]?.init?.headers).get('last-event-id')).toBe('17');
    await waitFor(() => expect(screen.queryByText(/Reconnecting…/)).toBeNull());
  });

  it('closes the stream at once when the person signs out, so nobody signing in next inherits it', async () => {
    const streamRequests: StubbedRequest[] = [];
    stubApi({
      'GET /v1/tickets': () => jsonResponse({ items: [summaryOf(first)], nextCursor: null }),
      'GET /v1/tickets/counts': () => jsonResponse(counts),
      'GET /v1/products': () => jsonResponse(catalogue),
      'GET /v1/contacts/colleagues': () => jsonResponse(colleagues),
      'POST /v1/auth/sign-out': () => new Response(null, { status: 204 }),
      'GET /v1/events': (request) => {
        streamRequests.push(request);
        return liveStream().response;
      },
    });
    const { session } = renderPortal(portal, {
      basename: '/support',
      path: '/support/tickets',
      session: createTestSession(technicalMe()),
    });
    await screen.findByRole('link', { name: first.subject });
    await waitFor(() => expect(streamRequests).toHaveLength(1));
    expect(streamRequests[0]?.init?.signal?.aborted).toBe(false);
    await session.signOut();
    await waitFor(() => expect(streamRequests[0]?.init?.signal?.aborted).toBe(true));
  });
});
