import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import { LiveEventsHeaders, LiveEventsQuery, TicketPresenceRequest } from '../schemas/live-event';
import { TicketParams } from '../schemas/ticket';

export const liveEventEndpoints = {
  stream: defineEndpoint({
    method: 'GET',
    path: '/v1/events',
    query: LiveEventsQuery,
    headers: LiveEventsHeaders,
    response: {
      200: z.string().meta({
        description:
          'A `text/event-stream`: each ticket event the caller may see as `id:` (the event id), ' +
          '`event: ticket` and `data:` (a LiveTicketEvent as JSON); comment lines as heartbeats.',
      }),
    },
    // A signed-in person's own stream: it ends when their access token expires or their session ends,
    // which an API token (long-lived, no session) has no equivalent of. Third parties read the lists.
    access: { authenticated: true },
    tags: ['tickets'],
    summary: 'Live updates of the tickets the caller may see (server-sent events)',
    description:
      'Sign-in sessions only (an API token is refused). Send `Last-Event-ID` (or `?lastEventId=`) to ' +
      'receive first, in order and once, the events missed since that id, then live ones. The stream ' +
      'ends when the access token expires (reconnect with a fresh one) and at once when the session ends.',
  }),
  presence: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/presence',
    params: TicketParams,
    body: TicketPresenceRequest,
    response: { 204: z.null() },
    access: { permission: 'ticket:work:any' },
    tags: ['tickets'],
    summary: "Staff: say that you are viewing or typing on a ticket's page, or have left it",
    description:
      'Other staff following `GET /v1/events` get it at once as `event: presence` (a collision warning); ' +
      'contacts never do. Repeat it every 15 seconds while on the page: one not repeated for 30 has gone.',
  }),
};
