import type { SlaResponseKind } from '@portals/domain';
import { type RenderedEmail, renderEmail } from './layout';
import { type TicketReference, ticketName, ticketSubject } from './ticket-words';

export interface TicketSlaWarningEmail {
  recipientName: string;
  ticket: TicketReference;
  organizationName: string;
  kind: SlaResponseKind;
  /** When the response is due, as staff read it (UTC, ISO 8601, with the minutes). */
  dueAt: Date;
  /** Whether the target was already missed when the warning went out. */
  breached: boolean;
  ticketUrl: string;
}

const responseWords: Record<SlaResponseKind, string> = {
  first_response: 'first response',
  next_response: 'next response',
};

const utcMinutes = (instant: Date) => `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** To staff (the assignee and the support team): a response target is about to be, or was, missed. */
export const ticketSlaWarningEmail = ({
  recipientName,
  ticket,
  organizationName,
  kind,
  dueAt,
  breached,
  ticketUrl,
}: TicketSlaWarningEmail): RenderedEmail =>
  renderEmail({
    subject: ticketSubject(
      ticket,
      breached ? `SLA missed: ${responseWords[kind]} overdue` : `SLA: ${responseWords[kind]} due soon`,
    ),
    recipientName,
    blocks: [
      breached
        ? `The ${responseWords[kind]} to ${organizationName}'s ${ticketName(ticket)} was due at ${utcMinutes(dueAt)} and has not been sent.`
        : `The ${responseWords[kind]} to ${organizationName}'s ${ticketName(ticket)} is due at ${utcMinutes(dueAt)}.`,
      'Answer the customer publicly, or set the ticket to wait on them if that is what it does.',
      { lead: 'Open the ticket:', url: ticketUrl },
    ],
  });
