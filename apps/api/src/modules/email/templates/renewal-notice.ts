import type { SubscriptionTier } from '@portals/domain';
import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface RenewalNoticeEmail {
  tier: SubscriptionTier;
  servers: number;
  /** ISO date the term ends. */
  termEnd: string;
  daysLeft: number;
}

export const renewalNoticeEmail = ({ tier, servers, termEnd, daysLeft }: RenewalNoticeEmail): RenderedEmail =>
  renderEmail({
    subject: `Your ${tier} subscription ends in ${daysLeft} days`,
    blocks: [
      `Your ${tier} subscription (${servers} servers) ends on ${termEnd}, in ${daysLeft} days. Contact us to renew it and keep your support without interruption.`,
      `You can review it in the ${portalNames.subscriber} at any time.`,
    ],
  });
