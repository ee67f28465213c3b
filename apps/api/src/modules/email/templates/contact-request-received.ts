import type { ContactRequestKind, SeatUse } from '@portals/domain';
import { describeSeatUse } from '@portals/domain';
import { type RenderedEmail, renderEmail } from './layout';

export interface ContactRequestReceivedEmail {
  recipientName: string;
  organizationName: string;
  request: {
    kind: ContactRequestKind;
    /** The proposed technical contact. */
    name: string | null;
    email: string | null;
    reason: string | null;
  };
  /** The organization's seats when the request was made, as its main contact sees them. */
  seats: SeatUse;
  /** The back office's contact requests page. */
  queueUrl: string;
}

/** To the staff who decide contact requests: a customer made one. */
export const contactRequestReceivedEmail = ({
  recipientName,
  organizationName,
  request,
  seats,
  queueUrl,
}: ContactRequestReceivedEmail): RenderedEmail => {
  const what =
    request.kind === 'technical_contact'
      ? `${organizationName} asks for an additional technical contact: ${request.name ?? ''} (${request.email ?? ''}).`
      : `${organizationName} asks to hand over its main contact role.`;
  return renderEmail({
    subject: `Contact request from ${organizationName}`,
    recipientName,
    blocks: [
      what,
      ...(request.kind === 'technical_contact' ? [`${describeSeatUse(seats)}.`] : []),
      ...(request.reason ? [{ quote: request.reason }] : []),
      { lead: 'Approve or decline it in the back office:', url: queueUrl },
    ],
  });
};
