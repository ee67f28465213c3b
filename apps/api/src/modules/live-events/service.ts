import type { ServerResponse } from 'node:http';
import {
  type Actor,
  type LiveEventReader,
  type LiveTicketEvent,
  liveTicketEventName,
  liveTicketPresenceEventName,
  type TicketPresenceState,
  ticketReadAudienceOf,
} from '@portals/domain';
import { type DatabaseAccess, privileged, scopeOf, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { type LiveEventHub, type LiveListener, type LiveStreamEnd, ticketPresenceChannel } from './hub';
import {
  announceTicketPresence,
  listVisibleEventsAfter,
  toLiveTicketEvent,
  unsafeLatestEventId,
} from './repository';

/** Missed events are replayed up to this many; past it the client is told to read everything again. */
const maxCatchUp = 5_000;
/** A client that leaves this much unread is dropped (it reconnects and resumes from the table). */
const maxUnreadBytes = 1024 * 1024;

export interface LiveStreamOptions {
  hub: LiveEventHub;
  db: DatabaseAccess;
  actor: Actor;
  sessionVersion: number;
  /** When the access token expires (ms since the epoch): the stream ends then. */
  expiresAt: number;
  heartbeatMs: number;
  lastEventId: number | undefined;
}

/** Whom a stream is for; refuses a caller who reads no tickets at all. */
export const liveEventReaderOf = (actor: Actor): LiveEventReader => {
  const ticketAudience = ticketReadAudienceOf(actor);
  if (ticketAudience === 'none') {
    throw new AppError(
      'forbidden',
      'You do not have the permission ticket:read:own, ticket:read:org or ticket:read:any',
    );
  }
  return { userId: actor.userId, organizationId: actor.organizationId, ticketAudience };
};

const messageOf = (event: LiveTicketEvent): string =>
  `id: ${event.id}\nevent: ${liveTicketEventName}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * One client's stream: registered with the hub first (live events wait in a buffer), then the events
 * missed since `lastEventId` read from the table through the reader's scope and sent in order, then the
 * buffer without what was already sent, then live events as they come.
 */
export const runLiveStream = async (response: ServerResponse, options: LiveStreamOptions): Promise<void> => {
  const reader = liveEventReaderOf(options.actor);
  const sent = new Set<number>();
  /** Nothing at or before this id is sent: the client has it, or it predates the stream. */
  let floor = options.lastEventId ?? 0;
  let buffered: LiveTicketEvent[] | null = [];
  let ended = false;

  const write = (text: string): void => {
    if (ended) return;
    response.write(text);
    if (response.writableLength > maxUnreadBytes) listener.end('too_slow');
  };
  const send = (event: LiveTicketEvent): void => {
    if (event.id <= floor || sent.has(event.id)) return;
    sent.add(event.id);
    write(messageOf(event));
  };

  const listener: LiveListener = {
    reader,
    sessionVersion: options.sessionVersion,
    deliver: (event) => {
      if (buffered) buffered.push(event);
      else send(event);
    },
    presence: (presence) => {
      write(`event: ${liveTicketPresenceEventName}\ndata: ${JSON.stringify(presence)}\n\n`);
    },
    end: (reason: LiveStreamEnd) => {
      if (ended) return;
      ended = true;
      stop();
      response.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    },
  };

  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
  const expiry = setTimeout(() => listener.end('token_expired'), Math.max(0, options.expiresAt - Date.now()));
  const stop = (): void => {
    clearInterval(heartbeat);
    clearTimeout(expiry);
    options.hub.remove(listener);
  };
  response.on('close', () => {
    ended = true;
    stop();
  });

  options.hub.add(listener);
  // Until the first event, tell the client how soon to come back after a drop.
  write('retry: 2000\n: connected\n\n');

  if (options.lastEventId === undefined) {
    // From now: what was committed before the stream opened is not sent, even if its notification is
    // still on its way; and the client learns where "now" is, to resume from there if it drops before
    // its first event.
    floor = await unsafeLatestEventId(privileged(options.db));
    write(`id: ${floor}\n\n`);
  } else {
    const scope = scopeOf(options.actor);
    const afterId = options.lastEventId;
    const missed = await withScope(options.db, scope, (tx) =>
      listVisibleEventsAfter(tx, scope, afterId, maxCatchUp + 1),
    );
    if (missed.length > maxCatchUp) {
      // Too much missed to replay: the client reads its pages afresh and follows from now.
      floor = await unsafeLatestEventId(privileged(options.db));
      write(`id: ${floor}\nevent: reset\ndata: {}\n\n`);
    } else {
      for (const row of missed) send(toLiveTicketEvent(row));
    }
  }

  const waiting = buffered.sort((a, b) => a.id - b.id);
  buffered = null;
  for (const event of waiting) send(event);
  // From here the hub's events come once each, in commit order; one at or before the last id sent is one
  // the catch-up already sent (its notification came late).
  for (const id of sent) floor = Math.max(floor, id);
  sent.clear();
};

/** Tells the other staff, in every process, that `actor` is on the ticket's page (or has left it). */
export const announcePresence = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  state: TicketPresenceState,
): Promise<void> => {
  const scope = scopeOf(actor);
  const announced = await withScope(db, scope, (tx) =>
    announceTicketPresence(tx, scope, ticketPresenceChannel, { ticketId, userId: actor.userId, state }),
  );
  if (!announced) throw new AppError('not_found', 'This ticket was not found');
};
