import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { changeRequestKind, changeRequestStatus, partnerLevel, subscriptionTier } from './enums';
import { invoices } from './invoices';
import { organizations } from './organizations';
import { subscriptions } from './subscriptions';
import { products } from './tickets';
import { users } from './users';

/**
 * What a customer notifies the vendor of for one subscription (docs/decisions/035-change-requests.md):
 * one row per request, its kind's facts in their own nullable columns (checked per kind), its state and
 * who moved it there. Further kinds add enum values and columns.
 */
export const changeRequests = pgTable(
  'change_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** The subscription changed; none for a partner's kinds (a registration makes one on approval). */
    subscriptionId: uuid('subscription_id').references(() => subscriptions.id),
    kind: changeRequestKind('kind').notNull(),
    status: changeRequestStatus('status').notNull().default('submitted'),
    /** additional_servers */
    servers: integer('servers'),
    /** additional_service */
    productId: uuid('product_id').references(() => products.id),
    /** tier_change: the tier asked for, and the tier held when asked. */
    tier: subscriptionTier('tier'),
    fromTier: subscriptionTier('from_tier'),
    /** end_user_registration: the end user and its main contact, the currency of its subscription. */
    endUserName: text('end_user_name'),
    endUserContactName: text('end_user_contact_name'),
    endUserContactEmail: text('end_user_contact_email'),
    currency: text('currency'),
    /** end_user_registration, once applied: the organization its Order Form made. */
    endUserOrganizationId: uuid('end_user_organization_id').references(() => organizations.id),
    /** partner_level_upgrade: the level asked for, and the level held when asked. */
    partnerLevel: partnerLevel('partner_level'),
    fromPartnerLevel: partnerLevel('from_partner_level'),
    /** The requester's note; a partner level upgrade's justification (required for it). */
    note: text('note'),
    requestedByUserId: uuid('requested_by_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedByUserId: uuid('reviewed_by_user_id').references(() => users.id),
    reviewStartedAt: timestamp('review_started_at', { withTimezone: true }),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    /** The pro-rated difference, in the subscription's currency's minor units, once applied. */
    proratedMinor: bigint('prorated_minor', { mode: 'number' }),
    /** The draft invoice made on approval (none when nothing was due). */
    invoiceId: uuid('invoice_id').references(() => invoices.id),
  },
  (table) => [
    index('change_requests_organization_id_idx').on(table.organizationId, table.createdAt),
    index('change_requests_status_idx').on(table.status, table.createdAt),
    // The partner kinds' values are compared as text: migration 0028 adds them to the enum in the
    // transaction that makes this check, where a new enum value cannot be used yet.
    check(
      'change_requests_kind_facts',
      sql`(${table.kind} <> 'additional_servers' or ${table.servers} between 1 and 10000)
        and (${table.kind} <> 'additional_service' or ${table.productId} is not null)
        and (${table.kind} <> 'tier_change' or (${table.tier} is not null and ${table.fromTier} is not null))
        and (${table.kind}::text in ('end_user_registration', 'partner_level_upgrade')) = (${table.subscriptionId} is null)
        and (${table.kind}::text <> 'end_user_registration' or (${table.servers} between 1 and 100000
          and ${table.tier} is not null and ${table.endUserName} is not null
          and ${table.endUserContactName} is not null and ${table.endUserContactEmail} is not null
          and ${table.currency} is not null
          and (${table.status} = 'applied') = (${table.endUserOrganizationId} is not null)))
        and (${table.kind}::text <> 'partner_level_upgrade' or (${table.partnerLevel} > ${table.fromPartnerLevel}
          and ${table.note} is not null))`,
    ),
    check(
      'change_requests_decided',
      sql`(${table.status} in ('submitted', 'in_review')) = (${table.decidedAt} is null)
        and (${table.status} <> 'declined' or ${table.declineReason} is not null)
        and (${table.status} = 'applied') = (${table.appliedAt} is not null)`,
    ),
  ],
);

/** The catalogue's products a subscription includes as additional services. */
export const subscriptionServices = pgTable(
  'subscription_services',
  {
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    changeRequestId: uuid('change_request_id').references(() => changeRequests.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.subscriptionId, table.productId] }),
    index('subscription_services_organization_id_idx').on(table.organizationId),
  ],
);
