import type { Permission } from '@portals/domain';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { users } from './users';

/**
 * Personal API tokens for third parties' systems. The secret is shown once and stored as a
 * SHA-256 hash; a token acts for its owner within its scopes and never beyond the owner's roles.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    name: text('name').notNull(),
    /** The first characters of the secret, to recognise a token in lists and logs. */
    tokenPrefix: text('token_prefix').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    scopes: text('scopes').array().$type<Permission[]>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('api_tokens_user_id_idx').on(table.userId),
    index('api_tokens_organization_id_idx').on(table.organizationId),
  ],
);
