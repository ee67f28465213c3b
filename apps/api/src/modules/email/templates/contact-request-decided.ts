import type { ContactRequestKind } from '@portals/domain';
import { type RenderedEmail, renderEmail } from './layout';

export interface ContactRequestDecidedEmail {
  recipientName: string;
  request: {
    kind: ContactRequestKind;
    /** The proposed technical contact. */
    name: string | null;
    email: string | null;
    status: 'pending' | 'approved' | 'declined';
    declineReason: string | null;
  };
}

/** Staff decided a contact request: its requester hears the outcome (and the reason of a decline). */
export const contactRequestDecidedEmail = ({
  recipientName,
  request,
}: ContactRequestDecidedEmail): RenderedEmail => {
  const what =
    request.kind === 'technical_contact'
      ? `Your request to add ${request.name ?? 'a technical contact'} (${request.email ?? ''}) as a technical contact`
      : 'Your request to hand over the main contact role';
  return renderEmail({
    subject: `Your contact request was ${request.status}`,
    recipientName,
    blocks: [
      request.status === 'declined'
        ? `${what} was declined: ${request.declineReason ?? ''}`
        : `${what} was approved.`,
    ],
  });
};
