import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface WelcomeEmail {
  recipientName: string;
  organizationName: string;
  /** The single-use set-your-password link into the Subscriber Portal (absolute). */
  link: string;
}

/** The Welcome email of a processed Order Form: the Subscriber Portal. */
export const welcomeEmail = ({ recipientName, organizationName, link }: WelcomeEmail): RenderedEmail =>
  renderEmail({
    subject: `Welcome to the ${portalNames.subscriber}`,
    recipientName,
    blocks: [
      `Welcome to the ${portalNames.subscriber}, your single place to manage ${organizationName}'s subscription: invoices and account statements, questions about services and billing, and changes to your subscription.`,
      { lead: 'Set your password to sign in:', url: link },
      'This link works once and expires in 7 days.',
    ],
  });
