import type { WebhookEventType } from '@portals/domain';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { ticketVisibility, webhookAudience, webhookDeliveryStatus, webhookEventType } from './enums';
import { organizations } from './organizations';
import { users } from './users';

/**
 * Where an integrator wants events (docs/decisions/038-webhooks.md): an organization's, registered by its
 * main contact, or vendor-wide (no organization), registered by an administrator. The signing secret is
 * sealed (secret-box), never stored in the clear; after a rotation the previous one signs until it expires.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    /** Whose audience the deliveries follow (what they may see when each event fans out). */
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.id),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: webhookEventType('event_types').array().notNull().$type<WebhookEventType[]>(),
    enabled: boolean('enabled').notNull().default(true),
    /** Disabled by the API because every attempt failed for the retry horizon (the owner was emailed). */
    disabledForFailing: boolean('disabled_for_failing').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** The first failed attempt since the last success; null while deliveries succeed. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    secretSealed: text('secret_sealed').notNull(),
    previousSecretSealed: text('previous_secret_sealed'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('webhook_endpoints_organization_id_idx').on(table.organizationId, table.createdAt),
    check('webhook_endpoints_url_length', sql`char_length(${table.url}) <= 2000`),
    check('webhook_endpoints_description_length', sql`char_length(${table.description}) <= 500`),
    check(
      'webhook_endpoints_previous_secret',
      sql`(${table.previousSecretSealed} is null) = (${table.previousSecretExpiresAt} is null)`,
    ),
  ],
);

/**
 * Something that happened, written in the transaction of the change that caused it, with the body the
 * deliveries send. `audience` (with the ticket and its event's visibility for ticket events) is what the
 * fan-out checks against each endpoint's owner.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    type: webhookEventType('type').notNull(),
    audience: webhookAudience('audience').notNull(),
    ticketId: uuid('ticket_id'),
    visibility: ticketVisibility('visibility'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('webhook_events_organization_id_idx').on(table.organizationId, table.id),
    check(
      'webhook_events_ticket_audience',
      sql`${table.audience} <> 'ticket' or ${table.ticketId} is not null`,
    ),
  ],
);

/** One row per (endpoint, event): a job run twice never sends an event twice. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => webhookEvents.id),
    /** The endpoint's organization (none for vendor-wide endpoints). */
    organizationId: uuid('organization_id').references(() => organizations.id),
    status: webhookDeliveryStatus('status').notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** Retries stop here (three days after the delivery, or after a manual redelivery). */
    retryUntil: timestamp('retry_until', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
  },
  (table) => [
    unique('webhook_deliveries_endpoint_event_unique').on(table.endpointId, table.eventId),
    index('webhook_deliveries_organization_id_idx').on(table.organizationId),
    index('webhook_deliveries_endpoint_idx').on(table.endpointId, table.createdAt),
    index('webhook_deliveries_event_idx').on(table.eventId),
  ],
);

/** Each attempt's outcome, as the endpoint's owner sees it in the delivery log. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').references(() => organizations.id),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    responseExcerpt: text('response_excerpt').notNull().default(''),
    responseTruncated: boolean('response_truncated').notNull().default(false),
    error: text('error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  },
  (table) => [
    index('webhook_delivery_attempts_delivery_idx').on(table.deliveryId, table.id),
    index('webhook_delivery_attempts_organization_id_idx').on(table.organizationId),
    check('webhook_delivery_attempts_excerpt_length', sql`octet_length(${table.responseExcerpt}) <= 1024`),
  ],
);
