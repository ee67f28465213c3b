import { and, eq, sql } from 'drizzle-orm';
import { ticketEvents, tickets } from '../../db/schema/index';
import type { Scope, ScopedExecutor } from '../../db/scope';
import { lockedTicketColumns, ticketVisibleTo } from '../tickets/repository';

/**
 * The ticket a reply address names, if the scope's person may see it now (the privacy rule in the query,
 * row-level security beneath), locked for the reply: concurrent deliveries of one message wait here, so
 * the second one finds the first one's reply.
 */
export const findVisibleTicketByNumberForUpdate = async (
  executor: ScopedExecutor,
  scope: Scope,
  ticketNumber: number,
) => {
  const [ticket] = await executor
    .select(lockedTicketColumns)
    .from(tickets)
    .where(and(eq(tickets.number, ticketNumber), ticketVisibleTo(scope)))
    .for('update');
  return ticket;
};

/** Whether this person's email `messageId` is already a reply on the ticket (a delivery retried). */
export const emailReplyRecorded = async (
  executor: ScopedExecutor,
  ticketId: string,
  userId: string,
  messageId: string,
): Promise<boolean> => {
  const rows = await executor
    .select({ id: ticketEvents.id })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticketId),
        eq(ticketEvents.actorUserId, userId),
        eq(ticketEvents.kind, 'public_reply'),
        sql`${ticketEvents.data} ->> 'emailMessageId' = ${messageId}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
};
