import type { WebhookEventType } from '@portals/domain';
import { sql } from 'drizzle-orm';
import type { AnyExecutor } from '../../db/scope';

/**
 * Records a webhook event in the caller's transaction (it exists exactly when the change commits) and
 * queues its fan-out, through the database's `webhook_record_event` (migration 0029), which writes
 * nothing when no enabled endpoint could want it. Ticket events are recorded by a trigger on
 * ticket_events the same way. `audience` is what the fan-out checks each endpoint's owner against:
 * billing events reach main and administrative contacts' endpoints, organization events main contacts'.
 */
export const recordWebhookEvent = (
  executor: AnyExecutor,
  event: {
    organizationId: string;
    type: Exclude<WebhookEventType, `ticket.${string}`>;
    audience: 'billing' | 'organization';
    data: Record<string, unknown>;
  },
) =>
  executor.execute(
    sql`select webhook_record_event(${event.organizationId}::uuid, ${event.type}::webhook_event_type,
      ${event.audience}::webhook_audience, null, null, ${JSON.stringify(event.data)}::jsonb)`,
  );
