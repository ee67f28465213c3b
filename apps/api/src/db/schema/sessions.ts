import { sql } from 'drizzle-orm';
import { boolean, check, index, inet, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { oneTimeTokenPurpose } from './enums';
import { organizations } from './organizations';
import { tickets } from './tickets';
import { users } from './users';

/**
 * Refresh tokens, stored as SHA-256 hashes. Each rotation adds a row to the same family;
 * presenting a rotated token again revokes the whole family (it was stolen or replayed).
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The session passed two-factor sign-in; refreshed sessions keep it. */
    twoFactorVerified: boolean('two_factor_verified').notNull().default(false),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ipAddress: inet('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('refresh_tokens_user_id_idx').on(table.userId),
    index('refresh_tokens_family_id_idx').on(table.familyId),
    index('refresh_tokens_organization_id_idx').on(table.organizationId),
  ],
);

/**
 * Single-use links and challenges, stored hashed: set-your-password (invitation), password reset, the
 * two-factor challenge, and a solved ticket's rating link (which names its ticket).
 */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    purpose: oneTimeTokenPurpose('purpose').notNull(),
    /** The ticket a rating link rates; set for that purpose only. */
    ticketId: uuid('ticket_id').references(() => tickets.id),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('one_time_tokens_user_id_idx').on(table.userId),
    index('one_time_tokens_organization_id_idx').on(table.organizationId),
    check(
      'one_time_tokens_ticket_only_for_ratings',
      sql`(${table.purpose}::text = 'ticket_rating') = (${table.ticketId} is not null)`,
    ),
  ],
);
