import type { TicketSeverity } from '@portals/domain';
import { portalNames, type RenderedEmail, renderEmail } from './layout';
import { severityWords, type TicketReference, ticketName, ticketSubject } from './ticket-words';

export interface TicketReceivedEmail {
  recipientName: string;
  ticket: TicketReference & { severity: TicketSeverity };
  /** Whether the recipient opened it (else they are copied on it). */
  isRequester: boolean;
  requesterName: string;
  ticketUrl: string;
  /** The email carries a reply address: it opens with the reply marker. */
  replyByEmail?: boolean;
}

/** To the requester and the people copied on a new ticket. */
export const ticketReceivedEmail = ({
  recipientName,
  ticket,
  isRequester,
  requesterName,
  ticketUrl,
  replyByEmail = false,
}: TicketReceivedEmail): RenderedEmail =>
  renderEmail({
    subject: ticketSubject(ticket, 'Ticket received'),
    recipientName,
    replyByEmail,
    blocks: [
      isRequester
        ? `We received your ${ticketName(ticket)}, severity ${severityWords(ticket.severity)}. Our support team will answer it in the ${portalNames.support}.`
        : `${requesterName} opened ${ticketName(ticket)}, severity ${severityWords(ticket.severity)}, and copied you on it.`,
      { lead: 'Follow it, reply or add attachments here:', url: ticketUrl },
    ],
  });
