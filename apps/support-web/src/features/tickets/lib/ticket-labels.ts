import { type TicketSeverity, type TicketStatus, ticketSeverityDefinitions } from '@portals/domain';

export const ticketStatusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Waiting on you',
  on_hold: 'On hold',
  solved: 'Solved',
  closed: 'Closed',
};

/** "2 — High impact": the number people quote and the vendor's name for it. */
export const severityLabel = (severity: TicketSeverity): string =>
  `${severity} — ${ticketSeverityDefinitions[severity].name}`;

export const ticketNumberLabel = (number: number): string => `#${number}`;
