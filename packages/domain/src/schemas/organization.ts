import { z } from 'zod';
import { OrganizationKind, PartnerLevel, SubscriptionTier } from '../enums';
import { pageOf } from './pagination';

/** The caller's own organization, as its contacts see it. */
export const OwnOrganization = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: OrganizationKind,
  partnerLevel: PartnerLevel.nullable(),
  ticketSharing: z.boolean(),
});
export type OwnOrganization = z.infer<typeof OwnOrganization>;

export const TicketSharingRequest = z.object({ enabled: z.boolean() });
export type TicketSharingRequest = z.infer<typeof TicketSharingRequest>;

/** The most a page of the staff's organization search holds: it feeds a search-as-you-type picker. */
export const organizationSearchMaxPageSize = 25;

/** An organization as staff find it: its name and its highest active tier (null: no active subscription). */
export const OrganizationSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: OrganizationKind,
  tier: SubscriptionTier.nullable(),
});
export type OrganizationSummary = z.infer<typeof OrganizationSummary>;

export const OrganizationSearchQuery = z.object({
  /** A part of the name, any case; left out: every organization, by name. */
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(organizationSearchMaxPageSize)
    .default(organizationSearchMaxPageSize),
  cursor: z.string().min(1).max(500).optional(),
});
export type OrganizationSearchQuery = z.infer<typeof OrganizationSearchQuery>;

export const OrganizationSearchPage = pageOf(OrganizationSummary);
export type OrganizationSearchPage = z.infer<typeof OrganizationSearchPage>;

export const OrganizationParams = z.object({ organizationId: z.uuid() });
export type OrganizationParams = z.infer<typeof OrganizationParams>;

/** A current contact of an organization, as staff pick them (to copy on a ticket). */
export const OrganizationContact = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
export type OrganizationContact = z.infer<typeof OrganizationContact>;
export const OrganizationContactList = z.object({ items: z.array(OrganizationContact) });
export type OrganizationContactList = z.infer<typeof OrganizationContactList>;
