import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface WelcomeEmail {
  recipientName: string;
  organizationName: string;
  /** The single-use set-your-password link into the Subscriber Portal (absolute). */
  link: string;
  /**
   * The person also has the Support Portal (the main contact): the one password set here signs in there
   * too, and the Support Welcome email only points to it (no second link).
   */
  alsoSupportPortal: boolean;
}

/**
 * The Welcome email of a processed Order Form: the Subscriber Portal, with the account's only
 * set-your-password link. It names what the portal offers today, nothing more.
 */
export const welcomeEmail = ({
  recipientName,
  organizationName,
  link,
  alsoSupportPortal,
}: WelcomeEmail): RenderedEmail =>
  renderEmail({
    subject: `Welcome to the ${portalNames.subscriber}`,
    recipientName,
    blocks: [
      `Welcome to the ${portalNames.subscriber}, where you follow ${organizationName}'s subscriptions and their terms, see your organization's contacts, and read the alerts we publish for you.`,
      { lead: 'Set your password to sign in:', url: link },
      alsoSupportPortal
        ? `This link works once and expires in 7 days. The same email and password also sign you in to the ${portalNames.support}: a separate email tells you about it.`
        : 'This link works once and expires in 7 days.',
    ],
  });
