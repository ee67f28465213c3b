import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { subscriptionStatus, subscriptionTier } from './enums';
import { organizations } from './organizations';
import { products } from './tickets';

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    tier: subscriptionTier('tier').notNull(),
    /** What is subscribed to, for alerts by product; null until an Order Form names it. */
    productId: uuid('product_id').references(() => products.id),
    servers: integer('servers').notNull(),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    status: subscriptionStatus('status').notNull().default('active'),
    /** ISO 4217 code the subscription is invoiced in. */
    currency: text('currency').notNull().default('EUR'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('subscriptions_organization_id_idx').on(table.organizationId, table.id),
    check('subscriptions_servers_positive', sql`${table.servers} > 0`),
    check('subscriptions_term_ordered', sql`${table.termEnd} > ${table.termStart}`),
  ],
);
