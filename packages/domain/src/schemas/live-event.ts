import { z } from 'zod';
import { TicketEventKind, TicketSeverity, TicketStatus, TicketVisibility } from './ticket';

/**
 * One message of the live events stream (`GET /v1/events`): enough for a list or a ticket page to
 * update its counts and rows, or to know what to fetch again. Never a body: a reply's or a note's text
 * is read through the ticket's timeline, by the read rule.
 */
export const LiveTicketEvent = z.object({
  /** The event's id, also the message's `id:` (what `Last-Event-ID` resumes after). */
  id: z.number().int().min(1),
  ticketId: z.uuid(),
  ticketNumber: z.number().int(),
  kind: TicketEventKind,
  /** `internal` only ever reaches staff. */
  visibility: TicketVisibility,
  /** The ticket as it is after the event. */
  status: TicketStatus,
  severity: TicketSeverity,
  createdAt: z.iso.datetime({ offset: true }),
});
export type LiveTicketEvent = z.infer<typeof LiveTicketEvent>;

/** The SSE `event:` name of a ticket's event. */
export const liveTicketEventName = 'ticket';

/** Resume after an event: the standard `Last-Event-ID` header, or this query parameter for clients that cannot set headers. */
export const LiveEventsQuery = z.object({
  lastEventId: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type LiveEventsQuery = z.infer<typeof LiveEventsQuery>;

export const LiveEventsHeaders = z.object({
  'last-event-id': z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, 'must be an event id')
    .optional(),
});

/** What a member of staff is doing on a ticket's page; `left` when they close it. */
export const ticketPresenceStates = ['viewing', 'typing', 'left'] as const;
export const TicketPresenceState = z.enum(ticketPresenceStates);
export type TicketPresenceState = z.infer<typeof TicketPresenceState>;

export const TicketPresenceRequest = z.object({ state: TicketPresenceState });
export type TicketPresenceRequest = z.infer<typeof TicketPresenceRequest>;

/**
 * Another member of staff on a ticket's page (the collision warning), as the stream's `event: presence`
 * carries it to staff only. It has no id: it is not history, and a resumed stream does not replay it.
 */
export const LiveTicketPresence = z.object({
  ticketId: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  state: TicketPresenceState,
});
export type LiveTicketPresence = z.infer<typeof LiveTicketPresence>;

/** The SSE `event:` name of a presence message. */
export const liveTicketPresenceEventName = 'presence';

/** How often a page repeats its presence; one not repeated for twice as long has gone. */
export const ticketPresenceIntervalSeconds = 15;
