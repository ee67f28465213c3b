import type { TicketEventKind, TicketStatus, TicketVisibility } from '@portals/domain';
import type { ScopedExecutor } from '../../db/scope';
import { queueTicketEventEmails } from '../ticket-emails/service';
import { insertTicketEvent, touchTicket } from './repository';

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
  const appended = await insertTicketEvent(tx, values);
  await touchTicket(tx, event.ticketId, appended.createdAt, status ? { status } : {});
  await queueTicketEventEmails(tx, { id: appended.id, kind: event.kind, visibility: event.visibility });
  return appended;
};
