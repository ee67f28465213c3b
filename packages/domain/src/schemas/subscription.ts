import { z } from 'zod';
import { SubscriptionStatus, SubscriptionTier } from '../enums';
import { CurrencyCode } from './order-form';
import { pageOf } from './pagination';

export const Subscription = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  tier: SubscriptionTier,
  servers: z.number().int().min(1),
  termStart: z.iso.date(),
  termEnd: z.iso.date(),
  status: SubscriptionStatus,
  currency: CurrencyCode,
  /** When the subscription is up for renewal: the end of its current term. */
  renewalDate: z.iso.date(),
  /** Additional services of the vendor's catalogue the subscription includes. */
  services: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type Subscription = z.infer<typeof Subscription>;

export const SubscriptionPage = pageOf(Subscription);
export type SubscriptionPage = z.infer<typeof SubscriptionPage>;

export const OrganizationSubscriptionsParams = z.object({ organizationId: z.uuid() });
export const SubscriptionParams = z.object({ subscriptionId: z.uuid() });

/** Staff change a subscription; at least one field. */
export const SubscriptionChangeRequest = z
  .object({
    tier: SubscriptionTier.optional(),
    servers: z.number().int().min(1).max(100_000).optional(),
    termEnd: z.iso.date().optional(),
    status: SubscriptionStatus.optional(),
  })
  .refine((change) => Object.values(change).some((value) => value !== undefined), {
    message: 'name at least one of tier, servers, termEnd or status',
  });
export type SubscriptionChangeRequest = z.infer<typeof SubscriptionChangeRequest>;

/** What a partner sees of an end user it registered: the name and subscriptions, never its contacts. */
export const PartnerEndUser = z.object({
  id: z.uuid(),
  name: z.string(),
  subscriptions: z.array(
    z.object({
      tier: SubscriptionTier,
      servers: z.number().int().min(1),
      status: SubscriptionStatus,
      renewalDate: z.iso.date(),
    }),
  ),
});
export type PartnerEndUser = z.infer<typeof PartnerEndUser>;

export const PartnerEndUserPage = pageOf(PartnerEndUser);
export type PartnerEndUserPage = z.infer<typeof PartnerEndUserPage>;
