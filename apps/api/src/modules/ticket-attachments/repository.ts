import type { TicketVisibility } from '@portals/domain';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { ticketAttachments, ticketEvents, tickets, users } from '../../db/schema/index';
import type { Scope, ScopedExecutor } from '../../db/scope';
import { staffNameOr, ticketVisibleTo } from '../tickets/repository';

/** Internal attachments reach staff who read every ticket only; row-level security says the same. */
const attachmentVisibleTo = (scope: Scope): SQL =>
  scope.ticketAudience === 'any' ? sql`true` : eq(ticketAttachments.visibility, 'public');

/** The kinds of event a file may be attached to: the ticket's description, a reply, a note. */
const attachableKinds = ['created', 'public_reply', 'internal_note'] as const;

/** An event of the ticket written by `authorUserId` that can carry attachments, if the caller sees it. */
export const findOwnAttachableEvent = async (
  executor: ScopedExecutor,
  scope: Scope,
  ticketId: string,
  eventId: number,
  authorUserId: string,
) => {
  const [event] = await executor
    .select({ id: ticketEvents.id, visibility: ticketEvents.visibility })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.id, eventId),
        eq(ticketEvents.ticketId, ticketId),
        eq(ticketEvents.actorUserId, authorUserId),
        inArray(ticketEvents.kind, [...attachableKinds]),
        scope.ticketAudience === 'any' ? undefined : eq(ticketEvents.visibility, 'public'),
      ),
    );
  return event;
};

export const insertAttachment = async (
  executor: ScopedExecutor,
  values: {
    id: string;
    ticketId: string;
    organizationId: string;
    eventId: number | null;
    uploaderUserId: string;
    fileName: string;
    sizeBytes: number;
    sha256: string;
    contentType: string;
    storageKey: string;
    visibility: TicketVisibility;
  },
) => {
  await executor.insert(ticketAttachments).values(values);
};

const attachmentColumns = {
  id: ticketAttachments.id,
  ticketId: ticketAttachments.ticketId,
  eventId: ticketAttachments.eventId,
  fileName: ticketAttachments.fileName,
  sizeBytes: ticketAttachments.sizeBytes,
  sha256: ticketAttachments.sha256,
  contentType: ticketAttachments.contentType,
  storageKey: ticketAttachments.storageKey,
  visibility: ticketAttachments.visibility,
  uploaderId: ticketAttachments.uploaderUserId,
  // Staff too, whom a contact's row-level security hides (migration 0016).
  uploaderName: staffNameOr(users.name, ticketAttachments.uploaderUserId),
  createdAt: ticketAttachments.createdAt,
};

/** The attachments of a ticket the caller sees, oldest first: the privacy rule in the query, RLS beneath. */
export const listVisibleAttachments = (executor: ScopedExecutor, scope: Scope, ticketId: string) =>
  executor
    .select(attachmentColumns)
    .from(ticketAttachments)
    .innerJoin(tickets, eq(tickets.id, ticketAttachments.ticketId))
    .leftJoin(users, eq(users.id, ticketAttachments.uploaderUserId))
    .where(and(eq(ticketAttachments.ticketId, ticketId), ticketVisibleTo(scope), attachmentVisibleTo(scope)))
    .orderBy(asc(ticketAttachments.createdAt), asc(ticketAttachments.id));

export const findVisibleAttachment = async (
  executor: ScopedExecutor,
  scope: Scope,
  ticketId: string,
  attachmentId: string,
) => {
  const [row] = await executor
    .select(attachmentColumns)
    .from(ticketAttachments)
    .innerJoin(tickets, eq(tickets.id, ticketAttachments.ticketId))
    .leftJoin(users, eq(users.id, ticketAttachments.uploaderUserId))
    .where(
      and(
        eq(ticketAttachments.id, attachmentId),
        eq(ticketAttachments.ticketId, ticketId),
        ticketVisibleTo(scope),
        attachmentVisibleTo(scope),
      ),
    );
  return row;
};
