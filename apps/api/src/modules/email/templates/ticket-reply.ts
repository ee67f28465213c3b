import { portalNames, type RenderedEmail, renderEmail } from './layout';
import { type TicketReference, ticketName, ticketSubject } from './ticket-words';

export interface TicketReplyEmail {
  recipientName: string;
  ticket: TicketReference;
  authorName: string;
  /** The public reply, as written (Markdown). */
  body: string;
  ticketUrl: string;
}

/** A public reply, to the requester and the people copied on the ticket (its author excepted). */
export const ticketReplyEmail = ({
  recipientName,
  ticket,
  authorName,
  body,
  ticketUrl,
}: TicketReplyEmail): RenderedEmail =>
  renderEmail({
    subject: ticketSubject(ticket, 'New reply'),
    recipientName,
    blocks: [
      `${authorName} replied on ${ticketName(ticket)}:`,
      { quote: body },
      { lead: `Answer in the ${portalNames.support}:`, url: ticketUrl },
    ],
  });
