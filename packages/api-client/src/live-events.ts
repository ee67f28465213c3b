import {
  LiveTicketEvent,
  LiveTicketPresence,
  liveEventEndpoints,
  liveTicketEventName,
  liveTicketPresenceEventName,
} from '@portals/domain';
import type { AccessTokenSource } from './create-api-client';

/**
 * `connecting` until the first stream answers, `open` while one is, `reconnecting` after it dropped
 * (until the next one answers), `closed` once stopped (by `close()`, or because the session ended).
 */
export type LiveEventsStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface LiveEventsOptions {
  /** As for `createApiClient`: `''` means the same origin. */
  baseUrl: string;
  auth: AccessTokenSource;
  onEvent(event: LiveTicketEvent): void;
  /** Staff only: another member of staff on a ticket's page. */
  onPresence?(presence: LiveTicketPresence): void;
  /** Too much was missed to replay: read everything again. */
  onReset?(): void;
  onStatus?(status: LiveEventsStatus): void;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** The wait before the first reconnection, doubled up to `maxRetryMs`; the server's `retry:` replaces it. */
  retryMs?: number;
  maxRetryMs?: number;
}

export interface LiveEventsConnection {
  /** The last event id received: what a reconnection resumes after. */
  readonly lastEventId: string | null;
  close(): void;
}

/** One server-sent event, as the parser hands it over. */
interface ParsedMessage {
  event: string;
  data: string;
}

/**
 * Reads `GET /v1/events` with `fetch` and a ReadableStream (EventSource cannot send the Authorization
 * header), parses the server-sent events, and reconnects after a drop with `Last-Event-ID` and the
 * current access token, renewed first when the stream ended because the token expired or was refused.
 */
export const connectLiveEvents = (options: LiveEventsOptions): LiveEventsConnection => {
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const url = `${options.baseUrl.replace(/\/+$/, '')}${liveEventEndpoints.stream.path}`;
  const initialRetryMs = options.retryMs ?? 1_000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  let retryMs = initialRetryMs;
  let lastEventId: string | null = null;
  let closed = false;
  let status: LiveEventsStatus | null = null;
  let controller: AbortController | null = null;
  /** The access token the current (or last) stream was opened with. */
  let streamToken: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: LiveEventsStatus): void => {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  };

  const dispatch = (message: ParsedMessage): 'renew' | undefined => {
    if (message.event === liveTicketEventName) {
      const parsed = LiveTicketEvent.safeParse(JSON.parse(message.data));
      if (parsed.success) options.onEvent(parsed.data);
    } else if (message.event === liveTicketPresenceEventName) {
      const parsed = LiveTicketPresence.safeParse(JSON.parse(message.data));
      if (parsed.success) options.onPresence?.(parsed.data);
    } else if (message.event === 'reset') {
      options.onReset?.();
    } else if (message.event === 'end') {
      const reason = (JSON.parse(message.data) as { reason?: string }).reason;
      if (reason === 'token_expired' || reason === 'session_ended') return 'renew';
    }
    return undefined;
  };

  /** Reads one stream to its end; says whether the token should be renewed before the next. */
  const read = async (body: ReadableStream<Uint8Array>): Promise<'renew' | undefined> => {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let pending = '';
    let outcome: 'renew' | undefined;
    let message: { event: string; data: string[] } = { event: 'message', data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return outcome;
      pending += decoder.decode(value, { stream: true });
      let newline = pending.search(/\r\n|\r|\n/);
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + (pending.startsWith('\r\n', newline) ? 2 : 1));
        newline = pending.search(/\r\n|\r|\n/);
        if (line === '') {
          if (message.data.length > 0) {
            outcome = dispatch({ event: message.event, data: message.data.join('\n') }) ?? outcome;
          }
          message = { event: 'message', data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const text = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') message.event = text;
        else if (field === 'data') message.data.push(text);
        else if (field === 'id' && /^\d+$/.test(text)) {
          // The highest id, not the latest: an event committed late may come after a higher id.
          if (lastEventId === null || Number(text) > Number(lastEventId)) lastEventId = text;
        } else if (field === 'retry' && /^\d+$/.test(text)) retryMs = Number(text);
      }
    }
  };

  const connect = async (renewFirst: boolean): Promise<void> => {
    if (closed) return;
    let token = options.auth.accessToken();
    // Renewed only if nobody has yet (the session manager renews ahead of expiry).
    if (renewFirst && token && token === streamToken) token = await options.auth.renewAccessToken(token);
    if (closed) return;
    if (!token) {
      setStatus('closed');
      closed = true;
      return;
    }
    controller = new AbortController();
    streamToken = token;
    let renew = false;
    try {
      const response = await fetchImpl(url, {
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
          ...(lastEventId === null ? {} : { 'last-event-id': lastEventId }),
        },
        signal: controller.signal,
      });
      if (response.status === 401) {
        const renewed = await options.auth.renewAccessToken(token);
        if (!renewed) {
          closed = true;
          setStatus('closed');
          return;
        }
        retryMs = initialRetryMs;
        // The renewed token is the current one now: go again at once.
        if (!closed) void connect(false);
        return;
      }
      if (response.status === 403) {
        // This person reads no tickets: nothing to follow, and asking again would not change it.
        closed = true;
        setStatus('closed');
        return;
      }
      if (!response.ok || !response.body)
        throw new Error(`The live events stream answered ${response.status}`);
      setStatus('open');
      retryMs = initialRetryMs;
      renew = (await read(response.body)) === 'renew';
    } catch {
      // Dropped, refused or aborted: retried below unless closed.
    }
    if (closed) return;
    setStatus('reconnecting');
    if (renew) {
      void connect(true);
      return;
    }
    timer = setTimeout(() => void connect(false), retryMs);
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  setStatus('connecting');
  void connect(false);

  return {
    get lastEventId() {
      return lastEventId;
    },
    close: () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      controller?.abort();
      setStatus('closed');
    },
  };
};
