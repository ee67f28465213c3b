import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { contactRequestKind, requestStatus } from './enums';
import { organizations } from './organizations';
import { subscriptions } from './subscriptions';
import { users } from './users';

/**
 * What a main contact asks staff to decide: an additional technical contact beyond the tier's
 * allowance, or handing the main contact role to another contact.
 */
export const contactRequests = pgTable(
  'contact_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    kind: contactRequestKind('kind').notNull(),
    requestedByUserId: uuid('requested_by_user_id')
      .notNull()
      .references(() => users.id),
    /** The person to add (technical contact requests). */
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    /** The contact to become main contact (handover requests). */
    targetUserId: uuid('target_user_id').references(() => users.id),
    reason: text('reason'),
    status: requestStatus('status').notNull().default('pending'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    createdContactId: uuid('created_contact_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('contact_requests_organization_id_idx').on(table.organizationId, table.createdAt),
    index('contact_requests_pending_idx').on(table.createdAt).where(sql`status = 'pending'`),
  ],
);

/** Per contact: the optional kinds of email they turned off (mandatory ones cannot be). */
export const emailPreferences = pgTable(
  'email_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind').notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.kind] }),
    index('email_preferences_organization_id_idx').on(table.organizationId),
  ],
);

/** Renewal notices sent, so each (subscription, term end, days before) goes out once. */
export const subscriptionNotices = pgTable(
  'subscription_notices',
  {
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    daysBefore: integer('days_before').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.subscriptionId, table.termEnd, table.daysBefore] }),
    index('subscription_notices_organization_id_idx').on(table.organizationId),
  ],
);
