import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { subscriptions } from './subscriptions';
import { users } from './users';

/** Processed Order Forms: the number makes processing idempotent. */
export const orderForms = pgTable(
  'order_forms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    mainContactId: uuid('main_contact_id')
      .notNull()
      .references(() => users.id),
    administrativeContactId: uuid('administrative_contact_id').references(() => users.id),
    /** The form as submitted, to tell a retry from a different form reusing the number. */
    submitted: jsonb('submitted').$type<Record<string, unknown>>().notNull(),
    processedByUserId: uuid('processed_by_user_id')
      .notNull()
      .references(() => users.id),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('order_forms_organization_id_idx').on(table.organizationId)],
);
