import { type RenderedEmail, renderEmail } from './layout';
import { type TicketReference, ticketName, ticketSubject } from './ticket-words';

export interface TicketCustomerReplyEmail {
  recipientName: string;
  ticket: TicketReference;
  authorName: string;
  organizationName: string;
  body: string;
  ticketUrl: string;
}

/** To the assigned staff member: a customer answered on their ticket. */
export const ticketCustomerReplyEmail = ({
  recipientName,
  ticket,
  authorName,
  organizationName,
  body,
  ticketUrl,
}: TicketCustomerReplyEmail): RenderedEmail =>
  renderEmail({
    subject: ticketSubject(ticket, 'Customer reply'),
    recipientName,
    blocks: [
      `${authorName} (${organizationName}) replied on ${ticketName(ticket)}, assigned to you:`,
      { quote: body },
      { lead: 'Open the ticket:', url: ticketUrl },
    ],
  });
