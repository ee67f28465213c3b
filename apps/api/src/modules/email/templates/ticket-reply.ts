import { portalNames, type RenderedEmail, renderEmail } from './layout';
import { type TicketReference, ticketName, ticketSubject } from './ticket-words';

export interface TicketReplyEmail {
  recipientName: string;
  ticket: TicketReference;
  authorName: string;
  /** The public reply, as written (Markdown). */
  body: string;
  ticketUrl: string;
  /** The email carries a reply address: it opens with the reply marker. */
  replyByEmail?: boolean;
}

/** A public reply, to the requester and the people copied on the ticket (its author excepted). */
export const ticketReplyEmail = ({
  recipientName,
  ticket,
  authorName,
  body,
  ticketUrl,
  replyByEmail = false,
}: TicketReplyEmail): RenderedEmail =>
  renderEmail({
    subject: ticketSubject(ticket, 'New reply'),
    recipientName,
    replyByEmail,
    blocks: [
      `${authorName} replied on ${ticketName(ticket)}:`,
      { quote: body },
      {
        lead: replyByEmail
          ? `Answer by replying to this email, or in the ${portalNames.support}:`
          : `Answer in the ${portalNames.support}:`,
        url: ticketUrl,
      },
    ],
  });
