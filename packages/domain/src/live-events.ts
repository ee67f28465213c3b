import type { TicketReadAudience } from './policy';
import type { TicketVisibility } from './schemas/ticket';

/** Who is listening: what a connected stream was opened with. */
export interface LiveEventReader {
  userId: string;
  organizationId: string | null;
  ticketAudience: TicketReadAudience;
}

/** An event and its ticket's audience, read once per event for every listener. */
export interface LiveEventAudience {
  organizationId: string;
  visibility: TicketVisibility;
  requesterId: string;
  ccUserIds: readonly string[];
  organizationSharesTickets: boolean;
}

/**
 * Whether an event reaches a reader: the read rule of row-level security (migration 0011) and the
 * repositories' `ticketVisibleTo` and `eventVisibleTo`, as a function of facts read once: staff who
 * read every ticket see every event; nobody else an internal one, nor another organization's; the main
 * contact the organization's; a technical contact their own and copied tickets, all with sharing on.
 */
export const liveEventReaches = (reader: LiveEventReader, event: LiveEventAudience): boolean => {
  if (reader.ticketAudience === 'any') return true;
  if (reader.ticketAudience === 'none' || reader.organizationId === null) return false;
  if (reader.organizationId !== event.organizationId || event.visibility !== 'public') return false;
  if (reader.ticketAudience === 'org' || event.organizationSharesTickets) return true;
  return event.requesterId === reader.userId || event.ccUserIds.includes(reader.userId);
};
