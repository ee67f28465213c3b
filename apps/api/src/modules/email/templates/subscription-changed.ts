import type { SubscriptionTier } from '@portals/domain';
import { portalNames, type RenderedEmail, renderEmail } from './layout';

export interface SubscriptionChangedEmail {
  tier: SubscriptionTier;
  /** One line per changed field: `- Tier: basic → premium`. */
  changes: string;
}

export const subscriptionChangedEmail = ({ tier, changes }: SubscriptionChangedEmail): RenderedEmail =>
  renderEmail({
    subject: 'Your subscription has changed',
    blocks: [
      `Your ${tier} subscription has been updated:`,
      changes,
      `You can review it in the ${portalNames.subscriber} at any time.`,
    ],
  });
