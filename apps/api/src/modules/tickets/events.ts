import type { TicketEventKind, TicketStatus, TicketVisibility } from '@portals/domain';
import { sql } from 'drizzle-orm';
import { ticketEvents, tickets } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';
import { eventMails, notifyTicketEventTask, ticketEventEmailJob } from '../ticket-emails/service';

export interface TicketEventInput {
  ticketId: string;
  organizationId: string;
  /** Null: the system (a job). */
  actorUserId: string | null;
  kind: TicketEventKind;
  visibility: TicketVisibility;
  body?: string | null;
  data?: Record<string, unknown>;
  /** A status the ticket moves to with this event (its own `status_changed` event is the caller's). */
  status?: TicketStatus;
}

/**
 * The one way a ticket changes: one row appended to its timeline (the history, the audit trail and the
 * live-update source), and the ticket marked as active then, in the caller's transaction.
 */
export const appendTicketEvent = async (tx: ScopedExecutor, event: TicketEventInput) => {
  const { status, ...values } = event;
  // One statement (one round trip): the row, the ticket touched at the row's time, and, for an event
  // that mails, its emails' job keyed by the row's id (the same `app_add_job` as queueJob).
  const mails = eventMails(event);
  const { rows } = await tx
    .execute<{ id: string; created_at: Date }>(sql`
      with appended as (
        insert into ${ticketEvents} (ticket_id, organization_id, actor_user_id, kind, visibility, body, data)
        values (${values.ticketId}, ${values.organizationId}, ${values.actorUserId}, ${values.kind},
          ${values.visibility}, ${values.body ?? null}, ${JSON.stringify(values.data ?? {})}::jsonb)
        returning id, created_at
      ), touched as (
        update ${tickets} set last_activity_at = appended.created_at, updated_at = appended.created_at
          ${status ? sql`, status = ${status}` : sql``}
        from appended where ${tickets.id} = ${values.ticketId}
      )
      select appended.id, appended.created_at${
        mails
          ? sql`, app_add_job(${notifyTicketEventTask}, json_build_object('eventId', appended.id),
              ${ticketEventEmailJob.maxAttempts}::integer, ${ticketEventEmailJob.jobKeyPrefix} || appended.id)`
          : sql``
      }
      from appended`)
    .execute();
  const [row] = rows;
  if (!row) throw new Error('event not recorded');
  return { id: Number(row.id), createdAt: new Date(row.created_at) };
};
