import { type RenderedEmail, renderEmail } from './layout';

export interface PasswordChangedEmail {
  recipientName: string;
  /** The page that emails a reset link (absolute), for an owner who did not make the change. */
  forgotPasswordLink: string;
}

/**
 * Confirms a password change made on the account page to the account's address: a change someone else
 * made with a borrowed session is known at once, with the way to take the account back.
 */
export const passwordChangedEmail = ({
  recipientName,
  forgotPasswordLink,
}: PasswordChangedEmail): RenderedEmail =>
  renderEmail({
    subject: 'Your password was changed',
    recipientName,
    blocks: [
      'The password of your account was just changed, and every other device signed in to it was signed out.',
      'If you made this change, there is nothing more to do.',
      {
        lead: 'If you did not, choose a new password now:',
        url: forgotPasswordLink,
      },
    ],
  });
