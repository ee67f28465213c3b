import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizationKind, partnerLevel } from './enums';
import { supportCalendars } from './sla';

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: organizationKind('kind').notNull(),
    /** Only partners have a level. */
    partnerLevel: partnerLevel('partner_level'),
    /** For an end user: the partner that registered it. */
    registeringPartnerId: uuid('registering_partner_id').references((): AnyPgColumn => organizations.id),
    /** Set by the main contact: every technical contact sees every ticket of the organization. */
    ticketSharing: boolean('ticket_sharing').notNull().default(false),
    /** The support region whose business hours its SLA counts in (support_calendars, migration 0018). */
    supportCalendarKey: text('support_calendar_key')
      .notNull()
      .default('europe')
      .references((): AnyPgColumn => supportCalendars.key),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('organizations_registering_partner_id_idx').on(table.registeringPartnerId),
    check(
      'organizations_partner_level_only_for_partners',
      sql`(${table.kind} = 'partner') = (${table.partnerLevel} is not null)`,
    ),
  ],
);
