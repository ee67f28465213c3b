import { type TicketSeverity, type TicketStatus, ticketSeverityDefinitions } from '@portals/domain';

/** What the ticket emails call a ticket, its statuses and severities. */
export interface TicketReference {
  number: number;
  subject: string;
}

export const ticketStatusWords: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Waiting on you',
  on_hold: 'On hold',
  solved: 'Solved',
  closed: 'Closed',
};

export const severityWords = (severity: TicketSeverity): string =>
  `${severity} (${ticketSeverityDefinitions[severity].name})`;

/** `[#1042] What: subject`, so a mail client threads and sorts a ticket's emails together. */
export const ticketSubject = (ticket: TicketReference, what: string): string =>
  `[#${ticket.number}] ${what}: ${ticket.subject}`;

export const ticketName = (ticket: TicketReference): string => `ticket #${ticket.number} "${ticket.subject}"`;
