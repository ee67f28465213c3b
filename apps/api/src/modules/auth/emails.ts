import type { PortalId } from '@portals/domain';
import type { OutgoingEmail } from '../email/outbox';

export const portalNames: Record<PortalId, string> = {
  support: 'Support Portal',
  subscriber: 'Subscriber Portal',
};

/** The invitation and password reset emails: the words people read, kept apart from the rules. */
export const passwordLinkEmail = (
  purpose: 'invitation' | 'password_reset',
  recipient: { name: string; email: string; organizationId: string | null },
  portal: PortalId,
  link: string,
): OutgoingEmail => {
  const portalName = portalNames[portal];
  return {
    kind: purpose,
    organizationId: recipient.organizationId,
    to: [recipient.email],
    subject:
      purpose === 'invitation'
        ? `Set your password for the ${portalName}`
        : `Reset your ${portalName} password`,
    text:
      purpose === 'invitation'
        ? `Hello ${recipient.name},\n\nSet your password to start using the ${portalName}:\n${link}\n\nThis link works once and expires in 7 days.\n`
        : `Hello ${recipient.name},\n\nSomeone (hopefully you) asked to reset your password. Choose a new one here:\n${link}\n\nThis link works once and expires in 1 hour. If you did not ask, ignore this email: your password stays as it is.\n`,
  };
};
