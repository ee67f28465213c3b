import type { PortalId } from '@portals/domain';
import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface PasswordResetEmail {
  recipientName: string;
  portal: PortalId;
  /** The single-use reset link (absolute). */
  link: string;
}

export const passwordResetEmail = ({ recipientName, portal, link }: PasswordResetEmail): RenderedEmail =>
  renderEmail({
    subject: `Reset your ${portalNames[portal]} password`,
    recipientName,
    blocks: [
      { lead: 'Someone (hopefully you) asked to reset your password. Choose a new one here:', url: link },
      'This link works once and expires in 1 hour. If you did not ask, ignore this email: your password stays as it is.',
    ],
  });
