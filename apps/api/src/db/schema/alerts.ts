import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { alertKind, contactRole, subscriptionTier } from './enums';
import { organizations } from './organizations';
import { users } from './users';

/**
 * An alert staff published: global (no organization), read by the contacts of its audience only, which
 * migration 0019's policy decides from their organization's subscriptions and their roles.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: alertKind('kind').notNull(),
    title: text('title').notNull(),
    /** Markdown. */
    body: text('body').notNull(),
    /** Empty: every tier. */
    tiers: subscriptionTier('tiers').array().notNull().default(sql`'{}'`),
    /** Empty: every product. Matched against the same subscription as the tier. */
    productIds: uuid('product_ids').array().notNull().default(sql`'{}'`),
    /** Empty: every role. */
    roles: contactRole('roles').array().notNull().default(sql`'{}'`),
    activeUntil: timestamp('active_until', { withTimezone: true }),
    publishedByUserId: uuid('published_by_user_id').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('alerts_title_length', sql`char_length(${table.title}) between 1 and 200`),
    check('alerts_body_length', sql`char_length(${table.body}) between 1 and 20000`),
    index('alerts_published_at_idx').on(table.publishedAt),
  ],
);

/** A contact closed an alert's banner. */
export const alertDismissals = pgTable(
  'alert_dismissals',
  {
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.alertId, table.userId] }),
    index('alert_dismissals_organization_id_idx').on(table.organizationId),
  ],
);

/** Who was emailed an alert: once each, however often its sending runs (the primary key). */
export const alertRecipients = pgTable(
  'alert_recipients',
  {
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    emailedAt: timestamp('emailed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.alertId, table.userId] }),
    index('alert_recipients_organization_id_idx').on(table.organizationId),
  ],
);
