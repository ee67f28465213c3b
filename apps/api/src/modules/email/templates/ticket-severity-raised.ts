import type { TicketSeverity } from '@portals/domain';
import { type RenderedEmail, renderEmail } from './layout';
import { severityWords, type TicketReference, ticketName, ticketSubject } from './ticket-words';

export interface TicketSeverityRaisedEmail {
  recipientName: string;
  ticket: TicketReference;
  organizationName: string;
  /** Who raised it; null: the system. */
  actorName: string | null;
  from: TicketSeverity;
  to: TicketSeverity;
  reason: string;
  ticketUrl: string;
}

/** To staff (the assignee, else every support agent): a ticket became more urgent. */
export const ticketSeverityRaisedEmail = ({
  recipientName,
  ticket,
  organizationName,
  actorName,
  from,
  to,
  reason,
  ticketUrl,
}: TicketSeverityRaisedEmail): RenderedEmail =>
  renderEmail({
    subject: ticketSubject(ticket, `Severity raised to ${severityWords(to)}`),
    recipientName,
    blocks: [
      `${actorName ?? 'The system'} raised the severity of ${organizationName}'s ${ticketName(ticket)} from ${severityWords(from)} to ${severityWords(to)}. The reason given:`,
      { quote: reason },
      { lead: 'Open the ticket:', url: ticketUrl },
    ],
  });
