import { solvedTicketReopenDays, type TicketStatus } from '@portals/domain';
import { type RenderedEmail, renderEmail } from './layout';
import { type TicketReference, ticketName, ticketStatusWords, ticketSubject } from './ticket-words';

export interface TicketStatusChangedEmail {
  recipientName: string;
  ticket: TicketReference;
  from: TicketStatus;
  to: TicketStatus;
  /** Why, when the person who changed it said so. */
  reason?: string | null | undefined;
  ticketUrl: string;
  /** The requester's single-use rating link; a solved ticket's email to them asks for a rating. */
  rateUrl?: string | null | undefined;
  /** The email carries a reply address: it opens with the reply marker. */
  replyByEmail?: boolean;
}

const capitalized = (words: string) => `${words.charAt(0).toUpperCase()}${words.slice(1)}`;

/** A status change, to the requester and the people copied on the ticket; solved asks its requester for a rating. */
export const ticketStatusChangedEmail = ({
  recipientName,
  ticket,
  from,
  to,
  reason,
  ticketUrl,
  rateUrl,
  replyByEmail = false,
}: TicketStatusChangedEmail): RenderedEmail => {
  const why = reason ? [{ quote: reason }] : [];
  if (to === 'solved') {
    return renderEmail({
      subject: ticketSubject(ticket, 'Solved'),
      recipientName,
      replyByEmail,
      blocks: [
        `${capitalized(ticketName(ticket))} is solved.`,
        ...why,
        ...(rateUrl ? [{ lead: 'How did we do? Rate the help you received:', url: rateUrl }] : []),
        `If the problem is still there, reopen the ticket within ${solvedTicketReopenDays} days:`,
        { lead: 'The ticket:', url: ticketUrl },
      ],
    });
  }
  return renderEmail({
    subject: ticketSubject(ticket, ticketStatusWords[to]),
    recipientName,
    replyByEmail,
    blocks: [
      `The status of ${ticketName(ticket)} changed from "${ticketStatusWords[from]}" to "${ticketStatusWords[to]}".`,
      ...why,
      { lead: 'Follow it here:', url: ticketUrl },
    ],
  });
};
