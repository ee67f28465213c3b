import type { LiveTicketEvent } from '@portals/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectLiveEvents, type LiveEventsConnection, type LiveEventsStatus } from './live-events';

const event = (id: number): LiveTicketEvent => ({
  id,
  ticketId: '33333333-3333-4333-8333-333333333333',
  ticketNumber: 1042,
  kind: 'public_reply',
  visibility: 'public',
  status: 'open',
  severity: 3,
  createdAt: '2026-12-02T10:00:00.000Z',
});
const message = (id: number) => `id: ${id}\nevent: ticket\ndata: ${JSON.stringify(event(id))}\n\n`;

/** A stream the test writes to and ends when it chooses. */
const controlledStream = () => {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start: (started) => {
      controller = started;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    write: (text: string) => controller?.enqueue(encoder.encode(text)),
    drop: () => controller?.close(),
  };
};

type Stream = ReturnType<typeof controlledStream>;

/** The fake API: each call to the stream gets the next answer; what was sent is recorded. */
const fakeStreams = (answers: (() => Response)[]) => {
  const requests: { authorization: string | null; lastEventId: string | null }[] = [];
  const fetch = vi.fn<typeof globalThis.fetch>(async (_input, init) => {
    const headers = new Headers(init?.headers);
    requests.push({ authorization: headers.get('authorization'), lastEventId: headers.get('last-event-id') });
    const answer = answers.shift();
    if (!answer) return new Promise<Response>(() => undefined);
    return answer();
  });
  return { fetch, requests };
};

const connections: LiveEventsConnection[] = [];
afterEach(() => {
  for (const connection of connections.splice(0)) connection.close();
});

const connect = (
  fetch: typeof globalThis.fetch,
  tokens: { current: string | null; renewed?: string | null },
) => {
  const received: number[] = [];
  const statuses: LiveEventsStatus[] = [];
  const renewAccessToken = vi.fn(async () => {
    tokens.current = tokens.renewed ?? null;
    return tokens.current;
  });
  const connection = connectLiveEvents({
    baseUrl: 'http://portal.test',
    fetch,
    auth: { accessToken: () => tokens.current, renewAccessToken },
    onEvent: (live) => received.push(live.id),
    onStatus: (status) => statuses.push(status),
    retryMs: 5,
  });
  connections.push(connection);
  return { connection, received, statuses, renewAccessToken };
};

describe('the live events stream, read with fetch', () => {
  it('sends the access token and hands over ticket events, whatever the chunks, skipping comments', async () => {
    const stream = controlledStream();
    const api = fakeStreams([() => stream.response]);
    const live = connect(api.fetch, { current: 'token-1' });
    await vi.waitFor(() => expect(live.statuses).toEqual(['connecting', 'open']));
    const text = `retry: 5\n: connected\n\n${message(7)}: heartbeat\n\n${message(8).replaceAll('\n', '\r\n')}`;
    stream.write(text.slice(0, 30));
    stream.write(text.slice(30, 95));
    stream.write(text.slice(95));
    await vi.waitFor(() => expect(live.received).toEqual([7, 8]));
    expect(api.requests[0]?.authorization).toBe('Bearer token-1');
    expect(api.requests[0]?.lastEventId).toBeNull();
  });

  it('shows reconnecting after a drop, then resumes after the last event id it received', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const api = fakeStreams([() => first.response, () => second.response]);
    const live = connect(api.fetch, { current: 'token-1' });
    first.write(message(41));
    first.write(message(42));
    await vi.waitFor(() => expect(live.received).toEqual([41, 42]));
    first.drop();
    await vi.waitFor(() => expect(live.statuses).toContain('reconnecting'));
    await vi.waitFor(() => expect(api.requests).toHaveLength(2));
    expect(api.requests[1]?.lastEventId).toBe('42');
    second.write(message(43));
    await vi.waitFor(() => expect(live.received).toEqual([41, 42, 43]));
    expect(live.statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('resumes after the highest id it received, when an event committed late came after a higher one', async () => {
    const first = controlledStream();
    const api = fakeStreams([() => first.response, () => controlledStream().response]);
    const live = connect(api.fetch, { current: 'token-1' });
    first.write(message(8));
    first.write(message(7));
    await vi.waitFor(() => expect(live.received).toEqual([8, 7]));
    first.drop();
    await vi.waitFor(() => expect(api.requests).toHaveLength(2));
    expect(api.requests[1]?.lastEventId).toBe('8');
  });

  it('resumes from the position the server gave before any event', async () => {
    const first = controlledStream();
    const api = fakeStreams([() => first.response, () => controlledStream().response]);
    connect(api.fetch, { current: 'token-1' });
    first.write('id: 99\n\n');
    first.drop();
    await vi.waitFor(() => expect(api.requests).toHaveLength(2));
    expect(api.requests[1]?.lastEventId).toBe('99');
  });

  it('renews the access token when the stream ends with it, and goes on with the new one', async () => {
    const first: Stream = controlledStream();
    const api = fakeStreams([() => first.response, () => controlledStream().response]);
    const live = connect(api.fetch, { current: 'token-1', renewed: 'token-2' });
    first.write(message(5));
    first.write('event: end\ndata: {"reason":"token_expired"}\n\n');
    first.drop();
    await vi.waitFor(() => expect(api.requests).toHaveLength(2));
    expect(live.renewAccessToken).toHaveBeenCalledWith('token-1');
    expect(api.requests[1]).toEqual({ authorization: 'Bearer token-2', lastEventId: '5' });
  });

  it('goes on with a token the session already renewed, without renewing it again', async () => {
    const first: Stream = controlledStream();
    const api = fakeStreams([() => first.response, () => controlledStream().response]);
    const tokens = { current: 'token-1' as string | null, renewed: 'token-3' };
    const live = connect(api.fetch, tokens);
    await vi.waitFor(() => expect(live.statuses).toContain('open'));
    tokens.current = 'token-2';
    first.write('event: end\ndata: {"reason":"token_expired"}\n\n');
    first.drop();
    await vi.waitFor(() => expect(api.requests).toHaveLength(2));
    expect(live.renewAccessToken).not.toHaveBeenCalled();
    expect(api.requests[1]?.authorization).toBe('Bearer token-2');
  });

  it('stops, closed, when the token is refused and cannot be renewed (the session ended)', async () => {
    const api = fakeStreams([() => new Response('{}', { status: 401 })]);
    const live = connect(api.fetch, { current: 'token-1', renewed: null });
    await vi.waitFor(() => expect(live.statuses.at(-1)).toBe('closed'));
    expect(api.requests).toHaveLength(1);
  });

  it("hands over staff's presence apart from ticket events, without moving the resume position", async () => {
    const stream = controlledStream();
    const api = fakeStreams([() => stream.response]);
    const presences: unknown[] = [];
    const received: number[] = [];
    const connection = connectLiveEvents({
      baseUrl: 'http://portal.test',
      fetch: api.fetch,
      auth: { accessToken: () => 'token-1', renewAccessToken: async () => null },
      onEvent: (live) => received.push(live.id),
      onPresence: (presence) => presences.push(presence),
    });
    connections.push(connection);
    const presence = {
      ticketId: '33333333-3333-4333-8333-333333333333',
      userId: '44444444-4444-4444-8444-444444444444',
      name: 'Ada Admin',
      state: 'typing',
    };
    stream.write(message(3));
    stream.write(`event: presence\ndata: ${JSON.stringify(presence)}\n\n`);
    await vi.waitFor(() => expect(presences).toEqual([presence]));
    expect(received).toEqual([3]);
    expect(connection.lastEventId).toBe('3');
  });

  it('sends nothing more once closed', async () => {
    const first = controlledStream();
    const api = fakeStreams([() => first.response]);
    const live = connect(api.fetch, { current: 'token-1' });
    await vi.waitFor(() => expect(live.statuses).toContain('open'));
    live.connection.close();
    first.write(message(1));
    expect(live.statuses.at(-1)).toBe('closed');
    expect(api.requests).toHaveLength(1);
  });
});
