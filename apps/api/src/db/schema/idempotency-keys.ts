import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { users } from './users';

/**
 * A request sent with an `Idempotency-Key`, per credential and endpoint (decision 039): claimed as
 * `running` before the work, `completed` with the first answer in the work's transaction, so a retry
 * gets that answer again instead of doing the work twice.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Null for staff, whose keys are staff-only rows. */
    organizationId: uuid('organization_id').references(() => organizations.id),
    /** Whose key it is: `session` (the person's sign-in sessions) or `api-token:<id>` (one API token). */
    credential: text('credential').notNull().default('session'),
    key: text('key').notNull(),
    /** Method and route pattern, e.g. `POST /v1/tickets/:ticketId/replies`. */
    endpoint: text('endpoint').notNull(),
    /** sha256 of the request (its parameters, query and body): the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    /** `running` while the first request works (a retry gets 409), `completed` with its answer. */
    state: text('state').notNull().default('completed'),
    /** Which claim holds the key: a completion for a claim that was taken over changes nothing. */
    attempt: uuid('attempt').notNull().defaultRandom(),
    /** A `running` claim older than this belongs to a request that died: a retry may take it over. */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    responseStatus: smallint('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('idempotency_keys_user_credential_endpoint_key_unique').on(
      table.userId,
      table.credential,
      table.endpoint,
      table.key,
    ),
    index('idempotency_keys_created_at_idx').on(table.createdAt),
    index('idempotency_keys_organization_id_idx').on(table.organizationId),
    check('idempotency_keys_key_length', sql`char_length(${table.key}) between 1 and 200`),
    check('idempotency_keys_credential_length', sql`char_length(${table.credential}) between 1 and 100`),
    check('idempotency_keys_state', sql`${table.state} in ('running', 'completed')`),
    check(
      'idempotency_keys_running_has_lease',
      sql`${table.state} = 'completed' or ${table.leaseExpiresAt} is not null`,
    ),
  ],
);
