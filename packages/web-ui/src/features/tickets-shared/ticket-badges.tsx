import type { TicketSeverity, TicketStatus } from '@portals/domain';
import { ticketSeverityDefinitions } from '@portals/domain';
import { ticketSeverityLabel, ticketStatusLabels } from './ticket-labels';

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`status ticket-status-${status}`}>{ticketStatusLabels[status]}</span>;
}

/** The number and the vendor's name for it; the definition on hover. */
export function TicketSeverityBadge({ severity }: { severity: TicketSeverity }) {
  return (
    <span
      className={`status ticket-severity-${severity}`}
      title={ticketSeverityDefinitions[severity].definition}
    >
      {ticketSeverityLabel(severity)}
    </span>
  );
}
