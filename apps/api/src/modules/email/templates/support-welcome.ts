import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface SupportWelcomeEmail {
  recipientName: string;
  organizationName: string;
  /** The Support Portal's sign-in page (absolute): no set-your-password link, the Welcome email has it. */
  signInLink: string;
}

/**
 * The Support Welcome email of a processed Order Form: what the Support Portal is and where it is. It
 * carries no token: one account has one set-your-password link, in the Welcome email.
 */
export const supportWelcomeEmail = ({
  recipientName,
  organizationName,
  signInLink,
}: SupportWelcomeEmail): RenderedEmail =>
  renderEmail({
    subject: `Welcome to the ${portalNames.support}`,
    recipientName,
    blocks: [
      `Welcome to the ${portalNames.support}, where ${organizationName} works with our technical support team: open and follow tickets in real time, add comments and attachments at any time, and receive alerts when important situations arise.`,
      `Your account is the same as in the ${portalNames.subscriber}: first set your password with the link in the email "Welcome to the ${portalNames.subscriber}", which we sent you at the same time. Then sign in here with the same email and password:`,
      { lead: `The ${portalNames.support}:`, url: signInLink },
    ],
  });
