import { z } from 'zod';
import { OrganizationKind, PartnerLevel, SubscriptionStatus, SubscriptionTier } from '../enums';
import { SeatUse } from '../seats';
import { Contact } from './contact';
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

/**
 * The directory's kinds of organization: a `customer` buys directly, an `end_user` is a customer a
 * partner registered (it has a registering partner), a `partner` resells.
 */
export const organizationDirectoryKinds = ['customer', 'end_user', 'partner'] as const;
export const OrganizationDirectoryKind = z.enum(organizationDirectoryKinds);
export type OrganizationDirectoryKind = z.infer<typeof OrganizationDirectoryKind>;

/** The furthest ahead the directory looks for renewals: a year and a day. */
export const renewalWithinDaysMax = 366;

/**
 * An organization as staff find it: its name, its highest active tier (null: no active subscription),
 * who registered it (end users), its main contact and its next renewal (of its active subscriptions).
 */
export const OrganizationSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: OrganizationKind,
  tier: SubscriptionTier.nullable(),
  registeringPartner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  mainContact: z.object({ name: z.string(), email: z.string() }).nullable(),
  nextRenewalDate: z.iso.date().nullable(),
});
export type OrganizationSummary = z.infer<typeof OrganizationSummary>;

export const OrganizationSearchQuery = z.object({
  /**
   * A part, any case, of the organization's name, a current contact's name or email, or one of its
   * Order Form numbers; `%` and `_` are themselves. Left out: every organization, by name.
   */
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .optional(),
  kind: OrganizationDirectoryKind.optional(),
  /** The organization's tier: the highest of its active subscriptions. */
  tier: SubscriptionTier.optional(),
  /** Holds a subscription in this status. */
  subscriptionStatus: SubscriptionStatus.optional(),
  /** Holds an active subscription whose term ends between today and this many days from today. */
  renewalWithinDays: z.coerce.number().int().min(0).max(renewalWithinDaysMax).optional(),
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

/** An Order Form processed for the organization. */
export const OrganizationOrderForm = z.object({ number: z.string(), processedAt: z.iso.datetime() });
export type OrganizationOrderForm = z.infer<typeof OrganizationOrderForm>;

/** An organization as staff open it: who it is, its contacts with their roles, and its seat use. */
export const StaffOrganization = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: OrganizationKind,
  partnerLevel: PartnerLevel.nullable(),
  registeringPartner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  ticketSharing: z.boolean(),
  createdAt: z.iso.datetime(),
  tier: SubscriptionTier.nullable(),
  /** Named Support Portal accounts, by the one definition of seats in use (seats.ts): as its contacts see them. */
  seats: SeatUse,
  /** Its current contacts (removed ones are not listed), by name. */
  contacts: z.array(Contact),
  /** Its processed Order Forms, newest first. */
  orderForms: z.array(OrganizationOrderForm),
});
export type StaffOrganization = z.infer<typeof StaffOrganization>;
