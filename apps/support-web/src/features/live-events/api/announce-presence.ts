import type { ApiClient } from '@portals/api-client';
import { liveEventEndpoints, type TicketPresenceState } from '@portals/domain';

/** POST /v1/tickets/:ticketId/presence: tells the other staff that you are on the ticket's page. */
export const announcePresence = (apiClient: ApiClient, ticketId: string, state: TicketPresenceState) =>
  apiClient.call(liveEventEndpoints.presence, { params: { ticketId }, body: { state } });
