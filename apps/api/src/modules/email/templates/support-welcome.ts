import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface SupportWelcomeEmail {
  recipientName: string;
  organizationName: string;
  /** The single-use set-your-password link into the Support Portal (absolute). */
  link: string;
}

/** The Support Welcome email of a processed Order Form: the Support Portal. */
export const supportWelcomeEmail = ({
  recipientName,
  organizationName,
  link,
}: SupportWelcomeEmail): RenderedEmail =>
  renderEmail({
    subject: `Welcome to the ${portalNames.support}`,
    recipientName,
    blocks: [
      `Welcome to the ${portalNames.support}, where ${organizationName} works with our technical support team: open and follow tickets in real time, add comments and attachments at any time, and receive alerts when important situations arise.`,
      { lead: 'Set your password to sign in:', url: link },
      'This link works once and expires in 7 days.',
    ],
  });
