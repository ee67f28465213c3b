import { z } from 'zod';
import { SubscriptionTier } from '../enums';

export const TierInfo = z.object({
  tier: SubscriptionTier,
  namedSupportAccounts: z.number().int(),
});
export const TierList = z.object({ items: z.array(TierInfo) });
export type TierList = z.infer<typeof TierList>;
