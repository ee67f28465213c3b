import { type RenderedEmail, renderEmail } from './layout';
import { type TicketReference, ticketName, ticketSubject } from './ticket-words';

export interface TicketMergedEmail {
  recipientName: string;
  /** The duplicate, merged away. */
  source: TicketReference;
  /** The ticket it went into; its subject and link only when the recipient may see it. */
  target: { number: number; subject: string | null; url: string | null };
}

/** To the requester of a duplicate: where its conversation went. */
export const ticketMergedEmail = ({ recipientName, source, target }: TicketMergedEmail): RenderedEmail =>
  renderEmail({
    subject: ticketSubject(source, `Merged into #${target.number}`),
    recipientName,
    blocks: [
      target.subject === null
        ? `Your ${ticketName(source)} was merged into ticket #${target.number}, which covers the same problem: our support team goes on there.`
        : `Your ${ticketName(source)} was merged into ${ticketName({ number: target.number, subject: target.subject })}, which covers the same problem: its conversation and attachments moved there.`,
      ...(target.url ? [{ lead: 'Follow it here:', url: target.url }] : []),
    ],
  });
