import {
  type TicketSeverity,
  type TicketStatus,
  type TicketSummary,
  ticketSeverityDefinitions,
} from '@portals/domain';

/** How a status is named on screen; a new status fails to compile until it has a label. */
export const ticketStatusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Waiting on the customer',
  on_hold: 'On hold',
  solved: 'Solved',
  closed: 'Closed',
};

/** "Severity 2 — High impact". */
export const ticketSeverityLabel = (severity: TicketSeverity): string =>
  `Severity ${severity} — ${ticketSeverityDefinitions[severity].name}`;

/** "#1042". */
export const ticketNumberLabel = (ticket: Pick<TicketSummary, 'number'>): string => `#${ticket.number}`;
