import { z } from 'zod';

/** Each list of values is written once, here; types and validators derive from it. */
export const subscriptionTiers = ['basic', 'advanced', 'premium'] as const;
export const SubscriptionTier = z.enum(subscriptionTiers);
export type SubscriptionTier = z.infer<typeof SubscriptionTier>;

export const subscriptionStatuses = ['active', 'expired', 'cancelled'] as const;
export const SubscriptionStatus = z.enum(subscriptionStatuses);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;

export const organizationKinds = ['customer', 'partner'] as const;
export const OrganizationKind = z.enum(organizationKinds);
export type OrganizationKind = z.infer<typeof OrganizationKind>;

export const partnerLevels = ['registered', 'silver', 'gold', 'platinum'] as const;
export const PartnerLevel = z.enum(partnerLevels);
export type PartnerLevel = z.infer<typeof PartnerLevel>;

export const contactRoles = ['main', 'administrative', 'technical'] as const;
export const ContactRole = z.enum(contactRoles);
export type ContactRole = z.infer<typeof ContactRole>;

export const staffRoles = ['support_agent', 'billing', 'account_manager', 'admin'] as const;
export const StaffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof StaffRole>;

export const userKinds = ['staff', 'contact'] as const;
export const UserKind = z.enum(userKinds);
export type UserKind = z.infer<typeof UserKind>;

/** Named Support Portal accounts included per tier; the main contact holds the first. */
export const namedSupportAccountsByTier: Record<SubscriptionTier, number> = {
  basic: 1,
  advanced: 1,
  premium: 2,
};

/** The two portals; links in emails name the one to open. */
export const portalIds = ['support', 'subscriber'] as const;
export const PortalId = z.enum(portalIds);
export type PortalId = z.infer<typeof PortalId>;
