import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { slaResponseKind, subscriptionTier } from './enums';
import { organizations } from './organizations';
import { tickets } from './tickets';

/**
 * A support region's working time (the domain's SupportCalendar): global, read by everyone signed in,
 * managed by staff; an organization names one (`organizations.support_calendar_key`).
 */
export const supportCalendars = pgTable(
  'support_calendars',
  {
    key: text('key').primaryKey(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    /** ISO weekdays, 1 Monday … 7 Sunday. */
    workingDays: smallint('working_days').array().notNull(),
    opens: text('opens').notNull(),
    closes: text('closes').notNull(),
    /** Local dates without business hours, `YYYY-MM-DD`. */
    holidays: text('holidays').array().notNull().default(sql`'{}'::text[]`),
  },
  (table) => [
    check('support_calendars_opens_format', sql`${table.opens} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    check('support_calendars_closes_format', sql`${table.closes} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    check('support_calendars_day_order', sql`${table.opens} < ${table.closes}`),
    check(
      'support_calendars_working_days',
      sql`cardinality(${table.workingDays}) > 0 and ${table.workingDays} <@ '{1,2,3,4,5,6,7}'::smallint[]`,
    ),
  ],
);

/** Each response target missed, once: the SLA job or the event that found it first records it. */
export const ticketSlaBreaches = pgTable(
  'ticket_sla_breaches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    kind: slaResponseKind('kind').notNull(),
    /** When the missed response's clock started: with the ticket and kind, the one target it names. */
    owedSince: timestamp('owed_since', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    tier: subscriptionTier('tier').notNull(),
    severity: smallint('severity').notNull(),
  },
  (table) => [
    foreignKey({
      name: 'ticket_sla_breaches_ticket_of_organization_fk',
      columns: [table.ticketId, table.organizationId],
      foreignColumns: [tickets.id, tickets.organizationId],
    }),
    unique('ticket_sla_breaches_once').on(table.ticketId, table.kind, table.owedSince),
    index('ticket_sla_breaches_organization_id_idx').on(table.organizationId),
    index('ticket_sla_breaches_due_at_idx').on(table.dueAt),
  ],
);

/** Each warning sent before a breach, once per target. */
export const ticketSlaWarnings = pgTable(
  'ticket_sla_warnings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    kind: slaResponseKind('kind').notNull(),
    owedSince: timestamp('owed_since', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    foreignKey({
      name: 'ticket_sla_warnings_ticket_of_organization_fk',
      columns: [table.ticketId, table.organizationId],
      foreignColumns: [tickets.id, tickets.organizationId],
    }),
    unique('ticket_sla_warnings_once').on(table.ticketId, table.kind, table.owedSince),
    index('ticket_sla_warnings_organization_id_idx').on(table.organizationId),
  ],
);
