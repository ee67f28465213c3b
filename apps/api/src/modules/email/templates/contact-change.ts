import { type RenderedEmail, renderEmail } from './layout';

export interface ContactChangeEmail {
  recipientName: string;
  /** The change, in one sentence about the recipient. */
  change: string;
}

/** The confirmation to the person a change of contact details or roles concerns. */
export const contactChangeEmail = ({ recipientName, change }: ContactChangeEmail): RenderedEmail =>
  renderEmail({
    subject: 'A change to your contact details',
    recipientName,
    blocks: [
      change,
      "If you did not expect this change, contact your organization's main contact or our support team.",
    ],
  });
