import { z } from 'zod';
import { SubscriptionStatus, SubscriptionTier } from '../enums';
import { pageOf } from './pagination';

export const Subscription = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  tier: SubscriptionTier,
  servers: z.number().int().min(1),
  termStart: z.iso.date(),
  termEnd: z.iso.date(),
  status: SubscriptionStatus,
});
export type Subscription = z.infer<typeof Subscription>;

export const SubscriptionPage = pageOf(Subscription);
export type SubscriptionPage = z.infer<typeof SubscriptionPage>;
