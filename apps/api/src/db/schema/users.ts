import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { contactRole, staffRole, userKind } from './enums';
import { organizations } from './organizations';

/** Staff (vendor side, no organization) and contacts (customer side, one organization). */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: userKind('kind').notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    /** argon2id; null until the person sets a password from their invitation. */
    passwordHash: text('password_hash'),
    staffRoles: staffRole('staff_roles').array().notNull().default(sql`'{}'`),
    active: boolean('active').notNull().default(true),
    /** A removed contact keeps their tickets and history, but no roles, sessions or tokens. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    /** TOTP secret, encrypted (AES-256-GCM); set at enrolment, active once `totpEnabledAt` is set. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The last TOTP time step accepted: a code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** Raised to revoke every access token issued before. */
    sessionVersion: integer('session_version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(sql`lower(${table.email})`),
    index('users_organization_id_idx').on(table.organizationId),
    // Lets a row name a contact together with the organization it must belong to (ticket requester, CCs).
    unique('users_id_organization_unique').on(table.id, table.organizationId),
    check(
      'users_contacts_belong_to_an_organization',
      sql`(${table.kind} = 'contact') = (${table.organizationId} is not null)`,
    ),
  ],
);

export const contactRoles = pgTable(
  'contact_roles',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: contactRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.role] }),
    index('contact_roles_organization_id_idx').on(table.organizationId),
    // At most one main and one administrative contact per organization, enforced by the database.
    uniqueIndex('contact_roles_one_main_per_organization')
      .on(table.organizationId)
      .where(sql`${table.role} = 'main'`),
    uniqueIndex('contact_roles_one_administrative_per_organization')
      .on(table.organizationId)
      .where(sql`${table.role} = 'administrative'`),
  ],
);
