import type { SubscriptionStatus } from '@portals/domain';

/** How a subscription status is named on screen; a new status fails to compile until it has a label. */
export const subscriptionStatusLabels: Record<SubscriptionStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  cancelled: 'Cancelled',
};
