import type { LiveTicketEvent } from '@portals/domain';

export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

export interface SseClient {
  readonly status: number;
  readonly contentType: string | null;
  /** Every message and comment so far, in order. */
  readonly messages: SseMessage[];
  /** Everything received, as text (to look for what must never be there). */
  text(): string;
  /** The ticket events so far, in order. */
  events(): LiveTicketEvent[];
  eventIds(): number[];
  heartbeats(): number;
  /** The reason of the stream's `end` message, if it ended with one. */
  endReason(): string | undefined;
  /** The server closed the stream. */
  readonly closed: boolean;
  close(): void;
}

/** Reads `GET /v1/events` as a browser's fetch would: a stream of server-sent events. */
export const openSse = async (
  url: string,
  headers: Record<string, string>,
): Promise<SseClient & { body?: unknown }> => {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const messages: SseMessage[] = [];
  let raw = '';
  let closed = false;
  if (response.status === 200 && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let pending = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          raw += value;
          pending += value;
          let boundary = pending.indexOf('\n\n');
          while (boundary !== -1) {
            const block = pending.slice(0, boundary);
            pending = pending.slice(boundary + 2);
            for (const message of parseBlock(block)) messages.push(message);
            boundary = pending.indexOf('\n\n');
          }
        }
      } catch {
        // Aborted by the test.
      }
      closed = true;
    })();
  } else {
    raw = await response.text();
    closed = true;
  }
  const events = () =>
    messages
      .filter((message) => message.event === 'ticket' && message.data)
      .map((message) => JSON.parse(message.data ?? '') as LiveTicketEvent);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    messages,
    text: () => raw,
    events,
    eventIds: () => events().map((event) => event.id),
    heartbeats: () => messages.filter((message) => message.comment === 'heartbeat').length,
    endReason: () => {
      const end = messages.find((message) => message.event === 'end');
      return end?.data ? (JSON.parse(end.data) as { reason: string }).reason : undefined;
    },
    get closed() {
      return closed;
    },
    close: () => controller.abort(),
  };
};

/** One block between blank lines: a message (id, event, data) and/or comments. */
const parseBlock = (block: string): SseMessage[] => {
  const found: SseMessage[] = [];
  const message: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) found.push({ comment: line.slice(1).trim() });
    else {
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') message.id = value;
      else if (field === 'event') message.event = value;
      else if (field === 'data')
        message.data = message.data === undefined ? value : `${message.data}\n${value}`;
    }
  }
  if (message.id !== undefined || message.event !== undefined || message.data !== undefined)
    found.push(message);
  return found;
};
