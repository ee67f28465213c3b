import type { WebhookEventType } from '@portals/domain';
import { and, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  webhookEvents,
} from '../../db/schema/index';
import type { AnyExecutor, PrivilegedExecutor, ScopedExecutor } from '../../db/scope';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookDeliveryAttempts.$inferSelect;

/** Whose endpoints a manager manages: their organization's, or (staff) the vendor-wide ones. */
export type EndpointManager = { organizationId: string } | { vendorWide: true };

const managedBy = (manager: EndpointManager): SQL =>
  'vendorWide' in manager
    ? isNull(webhookEndpoints.organizationId)
    : eq(webhookEndpoints.organizationId, manager.organizationId);

export const listEndpoints = (executor: ScopedExecutor, manager: EndpointManager) =>
  executor
    .select()
    .from(webhookEndpoints)
    .where(managedBy(manager))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));

export const findEndpoint = async (
  executor: ScopedExecutor,
  manager: EndpointManager,
  endpointId: string,
  options: { forUpdate?: boolean } = {},
): Promise<WebhookEndpointRow | undefined> => {
  const query = executor
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), managedBy(manager)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
};

export const insertEndpoint = async (
  executor: ScopedExecutor,
  values: typeof webhookEndpoints.$inferInsert,
): Promise<WebhookEndpointRow> => {
  const [row] = await executor.insert(webhookEndpoints).values(values).returning();
  if (!row) throw new Error('The endpoint insert returned no row');
  return row;
};

export const updateEndpoint = async (
  executor: AnyExecutor,
  endpointId: string,
  values: Partial<typeof webhookEndpoints.$inferInsert>,
): Promise<WebhookEndpointRow> => {
  const [row] = await executor
    .update(webhookEndpoints)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning();
  if (!row) throw new Error('The endpoint update found no row');
  return row;
};

export const deleteEndpoint = (executor: ScopedExecutor, endpointId: string) =>
  executor.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));

/** An event for one endpoint only (the test ping), with its delivery. */
export const insertPingEvent = async (
  executor: ScopedExecutor,
  endpoint: WebhookEndpointRow,
  retryUntil: SQL,
): Promise<WebhookDeliveryRow> => {
  const [event] = await executor
    .insert(webhookEvents)
    .values({
      organizationId: endpoint.organizationId,
      type: 'ping',
      audience: 'endpoint',
      data: { endpointId: endpoint.id, message: 'A test event sent on request' },
    })
    .returning({ id: webhookEvents.id });
  if (!event) throw new Error('The event insert returned no row');
  const [delivery] = await executor
    .insert(webhookDeliveries)
    .values({
      endpointId: endpoint.id,
      eventId: event.id,
      organizationId: endpoint.organizationId,
      nextAttemptAt: sql`now()`,
      retryUntil,
    })
    .returning();
  if (!delivery) throw new Error('The delivery insert returned no row');
  return delivery;
};

/** The endpoint's most recent deliveries with their events' types, and every attempt of each. */
export const listDeliveries = async (executor: ScopedExecutor, endpointId: string, limit: number) => {
  const deliveries = await executor
    .select({
      delivery: webhookDeliveries,
      eventType: webhookEvents.type,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(limit);
  const attempts =
    deliveries.length === 0
      ? []
      : await executor
          .select()
          .from(webhookDeliveryAttempts)
          .where(
            inArray(
              webhookDeliveryAttempts.deliveryId,
              deliveries.map((row) => row.delivery.id),
            ),
          )
          .orderBy(webhookDeliveryAttempts.id);
  return { deliveries, attempts };
};

export const findDelivery = async (executor: ScopedExecutor, endpointId: string, deliveryId: string) => {
  const [row] = await executor
    .select({ delivery: webhookDeliveries, eventType: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
    .for('update', { of: webhookDeliveries });
  return row;
};

export const attemptsOf = (executor: ScopedExecutor, deliveryId: string) =>
  executor
    .select()
    .from(webhookDeliveryAttempts)
    .where(eq(webhookDeliveryAttempts.deliveryId, deliveryId))
    .orderBy(webhookDeliveryAttempts.id);

export const markDeliveryPending = async (
  executor: AnyExecutor,
  deliveryId: string,
  retryUntil: SQL,
): Promise<WebhookDeliveryRow> => {
  const [row] = await executor
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, retryUntil })
    .where(eq(webhookDeliveries.id, deliveryId))
    .returning();
  if (!row) throw new Error('The delivery update found no row');
  return row;
};

/**
 * Queues an attempt of every delivery that waited while its endpoint was disabled, in one statement
 * whatever the backlog (through `app_add_job`, as queueJob does: lib/queue-job.ts).
 */
export const queuePendingDeliveries = (
  executor: ScopedExecutor,
  endpointId: string,
  job: { task: string; maxAttempts: number; keyPrefix: string },
) =>
  executor.execute(sql`
    select app_add_job(${job.task}, json_build_object('deliveryId', id), ${job.maxAttempts}::integer,
      ${job.keyPrefix} || id::text)
    from ${webhookDeliveries}
    where ${webhookDeliveries.endpointId} = ${endpointId} and ${webhookDeliveries.status} = 'pending'`);

/**
 * The fan-out (decision 038): one delivery per enabled endpoint that subscribed to the event's type,
 * existed when it happened, and whose owner may see what it is about, decided here in SQL by the same
 * rules as reads: vendor-wide endpoints by an active administrator see everything (internal ticket events
 * included); an organization's endpoint only that organization's events, never internal ones, tickets
 * as its owner reads them (the main contact all, a technical contact their own and copied ones, all when
 * the organization shares), billing events for a main or administrative owner, the rest for a main one.
 * A delivery that exists already is kept: a repeated job adds nothing.
 */
export const unsafeFanOutEvent = async (executor: PrivilegedExecutor, eventId: number): Promise<string[]> => {
  const result = await executor.execute<{ id: string }>(sql`
    insert into webhook_deliveries (endpoint_id, event_id, organization_id, next_attempt_at, retry_until)
    select endpoint.id, event.id, endpoint.organization_id, now(), now() + interval '72 hours'
    from webhook_events event
    join webhook_endpoints endpoint
      on endpoint.enabled
      and event.type = any (endpoint.event_types)
      and endpoint.created_at <= event.created_at
      and (endpoint.organization_id = event.organization_id or endpoint.organization_id is null)
    join users owner on owner.id = endpoint.owner_user_id and owner.active and owner.removed_at is null
    where event.id = ${eventId}
      and case
        when endpoint.organization_id is null then
          owner.kind = 'staff' and 'admin' = any (owner.staff_roles)
        when owner.kind <> 'contact' or owner.organization_id <> event.organization_id then false
        when event.audience = 'ticket' then
          event.visibility = 'public' and exists (
            select 1 from tickets ticket
            where ticket.id = event.ticket_id and ticket.organization_id = event.organization_id
              and (
                exists (select 1 from contact_roles role where role.user_id = owner.id and role.role = 'main')
                or (
                  exists (select 1 from contact_roles role where role.user_id = owner.id and role.role = 'technical')
                  and (
                    ticket.requester_user_id = owner.id
                    or exists (select 1 from ticket_ccs cc where cc.ticket_id = ticket.id and cc.user_id = owner.id)
                    or (select organization.ticket_sharing from organizations organization
                        where organization.id = ticket.organization_id)
                  )
                )
              )
          )
        when event.audience = 'billing' then
          exists (select 1 from contact_roles role
                  where role.user_id = owner.id and role.role in ('main', 'administrative'))
        when event.audience = 'organization' then
          exists (select 1 from contact_roles role where role.user_id = owner.id and role.role = 'main')
        else false
      end
    on conflict (endpoint_id, event_id) do nothing
    returning id`);
  return result.rows.map((row) => row.id);
};

/** What one attempt needs: the delivery, its endpoint (with the sealed secrets) and its event. */
export const unsafeLoadDelivery = async (executor: PrivilegedExecutor, deliveryId: string) => {
  const [row] = await executor
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, deliveryId));
  return row;
};

/** Locks the delivery and its endpoint while an attempt's outcome is written. */
export const unsafeLockDelivery = async (executor: PrivilegedExecutor, deliveryId: string) => {
  const [row] = await executor
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .for('update');
  return row;
};

export const unsafeRecordAttempt = (
  executor: PrivilegedExecutor,
  values: typeof webhookDeliveryAttempts.$inferInsert,
) => executor.insert(webhookDeliveryAttempts).values(values);

export const unsafeUpdateDelivery = (
  executor: PrivilegedExecutor,
  deliveryId: string,
  values: Partial<typeof webhookDeliveries.$inferInsert>,
) => executor.update(webhookDeliveries).set(values).where(eq(webhookDeliveries.id, deliveryId));

export type { WebhookEventType };
