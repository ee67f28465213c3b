import type { PortalId } from '@portals/domain';
import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface InvitationEmail {
  recipientName: string;
  portal: PortalId;
  /** The single-use set-your-password link (absolute). */
  link: string;
}

export const invitationEmail = ({ recipientName, portal, link }: InvitationEmail): RenderedEmail =>
  renderEmail({
    subject: `Set your password for the ${portalNames[portal]}`,
    recipientName,
    blocks: [
      { lead: `Set your password to start using the ${portalNames[portal]}:`, url: link },
      'This link works once and expires in 7 days.',
    ],
  });
