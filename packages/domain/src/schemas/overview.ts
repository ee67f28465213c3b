import { z } from 'zod';
import { OrganizationKind, PortalId, SubscriptionStatus, SubscriptionTier } from '../enums';
import { SeatUse } from '../seats';
import { AlertKind } from './alert';
import { InvoiceCurrencyTotal } from './invoice';

/**
 * The most a figure of an overview counts: each count reads at most one row more than this, so the
 * home page stays one cheap read however large the queues grow. Past it the figure is `capped`.
 */
export const overviewCountCap = 999;

/** The subscriptions a contact's overview lists; `total` says how many there are in all. */
export const overviewSubscriptionLimit = 5;

/** The latest active alerts a contact's overview names; `active` counts them all. */
export const overviewAlertLimit = 3;

/** The page that acts on a figure, filtered to what it counts. */
export const OverviewLink = z.object({
  /** The portal whose page it is; null when both portals have it (open it in the one at hand). */
  portal: PortalId.nullable(),
  /** Below the portal's base path, with its query: `/tickets?status=pending_customer`. */
  path: z.string().startsWith('/'),
});
export type OverviewLink = z.infer<typeof OverviewLink>;

/** A count, and where to act on what it counts. */
export const OverviewCount = z.object({
  count: z.number().int().min(0).max(overviewCountCap),
  /** There are more than `count` (the cap): show it as "999+". */
  capped: z.boolean(),
  link: OverviewLink,
});
export type OverviewCount = z.infer<typeof OverviewCount>;

export const OverviewSubscription = z.object({
  id: z.uuid(),
  tier: SubscriptionTier,
  servers: z.number().int().min(1),
  status: SubscriptionStatus,
  /** The end of its current term. */
  renewalDate: z.iso.date(),
});
export type OverviewSubscription = z.infer<typeof OverviewSubscription>;

export const OverviewAlert = z.object({
  id: z.uuid(),
  kind: AlertKind,
  title: z.string(),
  publishedAt: z.iso.datetime({ offset: true }),
});
export type OverviewAlert = z.infer<typeof OverviewAlert>;

/**
 * What matters to a contact at a glance, each part present only when their permissions (an API token's
 * scopes included) allow what it shows; null otherwise.
 */
export const ContactOverview = z.object({
  organization: z.object({ id: z.uuid(), name: z.string(), kind: OrganizationKind }),
  /** Active ones first, by renewal date (subscription:read:org). */
  subscriptions: z
    .object({
      items: z.array(OverviewSubscription).max(overviewSubscriptionLimit),
      total: z.number().int().min(0),
      link: OverviewLink,
    })
    .nullable(),
  /** Named Support Portal accounts, by the one definition of seats (seats.ts), as the Contacts page shows them (contact:read:org). */
  seats: z.object({ use: SeatUse, link: OverviewLink }).nullable(),
  /**
   * Unresolved tickets the person may see (a technical contact: their own and those they are copied on,
   * every one of the organization's when it shares tickets), and how many of them wait on the customer.
   */
  tickets: z.object({ open: OverviewCount, waitingOnCustomer: OverviewCount }).nullable(),
  /** The organization's contact requests waiting for the vendor's decision (contact:read:org). */
  pendingContactRequests: OverviewCount.nullable(),
  /**
   * What the organization's invoices still ask for, per currency, and how many are overdue
   * (invoice:read:org: main and administrative contacts).
   */
  invoices: z
    .object({
      due: z.array(InvoiceCurrencyTotal),
      overdue: OverviewCount,
      link: OverviewLink,
    })
    .nullable(),
  /** Alerts published to the person's audience and not yet ended, latest first. */
  alerts: z.object({
    active: z.number().int().min(0).max(overviewCountCap),
    capped: z.boolean(),
    latest: z.array(OverviewAlert).max(overviewAlertLimit),
    link: OverviewLink,
  }),
});
export type ContactOverview = z.infer<typeof ContactOverview>;

/** Subscriptions renewing in the rest of this calendar month, and the organizations holding them. */
export const OverviewRenewals = OverviewCount.extend({
  organizations: z.number().int().min(0).max(overviewCountCap),
  /** The month's last day: renewals from today through this date are counted. */
  through: z.iso.date(),
});
export type OverviewRenewals = z.infer<typeof OverviewRenewals>;

/** A staff member's queues at a glance; each figure null when their permissions do not reach it. */
export const StaffOverview = z.object({
  /** Unresolved tickets nobody has taken (ticket:work:any). */
  unassignedTickets: OverviewCount.nullable(),
  /** Unresolved tickets assigned to the caller (ticket:work:any). */
  assignedToMe: OverviewCount.nullable(),
  /** Contact requests waiting for a decision, for those who decide them (contact_request:decide:any). */
  contactRequestsToDecide: OverviewCount.nullable(),
  /** Active subscriptions whose term ends between today and the month's end (subscription:read:any, organization:read:any). */
  renewalsThisMonth: OverviewRenewals.nullable(),
  /** Issued invoices past their due date with something still to pay, every organization's (invoice:read:any). */
  overdueInvoices: OverviewCount.nullable(),
});
export type StaffOverview = z.infer<typeof StaffOverview>;
