import { type RenderedEmail, renderEmail } from './layout';

export interface WebhookDisabledEmail {
  recipientName: string;
  url: string;
  /** When the first of the failed attempts was made (ISO). */
  failingSince: string;
  /** The Webhooks page (absolute). */
  webhooksLink: string;
}

/** Tells an endpoint's owner it was disabled after every attempt failed for days, and how to resume. */
export const webhookDisabledEmail = ({
  recipientName,
  url,
  failingSince,
  webhooksLink,
}: WebhookDisabledEmail): RenderedEmail =>
  renderEmail({
    subject: 'A webhook endpoint was disabled after failing for three days',
    recipientName,
    blocks: [
      `Every delivery to your webhook endpoint ${url} has failed since ${failingSince}, so we disabled it.`,
      'Events that happen while it is disabled are kept: enable it again once it answers, and they are sent.',
      { lead: 'See its deliveries and enable it on the Webhooks page:', url: webhooksLink },
    ],
  });
