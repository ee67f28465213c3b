import type { SubscriptionTier } from '@portals/domain';

/** How a tier is named on screen; a new tier fails to compile until it has a label. */
export const tierLabels: Record<SubscriptionTier, string> = {
  basic: 'Basic',
  advanced: 'Advanced',
  premium: 'Premium',
};
