import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ticketRating } from './enums';
import { organizations } from './organizations';
import { tickets } from './tickets';
import { users } from './users';

/**
 * A solved ticket's rating by its requester: one per ticket, replaced when they rate again
 * (docs/decisions/019-ratings-and-alerts.md). Staff reports count them per month of `ratedAt`.
 */
export const ticketRatings = pgTable(
  'ticket_ratings',
  {
    ticketId: uuid('ticket_id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** The ticket's requester when they rated. */
    raterUserId: uuid('rater_user_id').notNull(),
    rating: ticketRating('rating').notNull(),
    comment: text('comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    foreignKey({
      name: 'ticket_ratings_ticket_of_organization_fk',
      columns: [table.ticketId, table.organizationId],
      foreignColumns: [tickets.id, tickets.organizationId],
    }),
    foreignKey({
      name: 'ticket_ratings_rater_of_organization_fk',
      columns: [table.raterUserId, table.organizationId],
      foreignColumns: [users.id, users.organizationId],
    }),
    check('ticket_ratings_comment_length', sql`char_length(${table.comment}) <= 2000`),
    index('ticket_ratings_rated_at_idx').on(table.ratedAt),
    index('ticket_ratings_organization_id_idx').on(table.organizationId),
  ],
);
