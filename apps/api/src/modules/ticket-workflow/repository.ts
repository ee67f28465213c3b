import type { StaffRole, TicketEventKind } from '@portals/domain';
import { and, arrayOverlaps, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import {
  cannedReplies,
  productComponents,
  products,
  productVersions,
  ticketAttachments,
  ticketCcs,
  ticketEvents,
  tickets,
  users,
} from '../../db/schema/index';
import type { PrivilegedExecutor, ScopedExecutor } from '../../db/scope';
import { lockedTicketColumns } from '../tickets/repository';

/** Several visible tickets, locked in id order (so that two bulk changes cannot deadlock). */
export const findVisibleTicketsForUpdate = (executor: ScopedExecutor, ticketIds: string[]) =>
  executor
    .select(lockedTicketColumns)
    .from(tickets)
    .where(inArray(tickets.id, ticketIds))
    .orderBy(asc(tickets.id))
    .for('update');

/** The fields a status change sets besides the status (the event sets the status itself). */
export const setTicketFields = async (
  executor: ScopedExecutor,
  ticketId: string,
  fields: Partial<
    Pick<
      typeof tickets.$inferInsert,
      | 'severity'
      | 'assigneeUserId'
      | 'productId'
      | 'componentId'
      | 'versionId'
      | 'solvedAt'
      | 'closedAt'
      | 'mergedIntoTicketId'
    >
  >,
) => {
  await executor.update(tickets).set(fields).where(eq(tickets.id, ticketId));
};

/** People by id, as the timeline names them (row-level security limits whom a contact can name). */
export const findPeople = async (executor: ScopedExecutor, userIds: string[]) =>
  userIds.length === 0
    ? []
    : executor
        .select({
          id: users.id,
          name: users.name,
          kind: users.kind,
          organizationId: users.organizationId,
          active: users.active,
          removedAt: users.removedAt,
          staffRoles: users.staffRoles,
        })
        .from(users)
        .where(inArray(users.id, userIds));

/** Of `userIds`, the active staff holding one of `roles`. */
export const activeStaffWithRoles = async (
  executor: ScopedExecutor,
  userIds: string[],
  roles: readonly StaffRole[],
) =>
  executor
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        inArray(users.id, userIds),
        eq(users.kind, 'staff'),
        eq(users.active, true),
        isNull(users.removedAt),
        arrayOverlaps(users.staffRoles, [...roles]),
      ),
    );

export const ccUserIdsOf = async (executor: ScopedExecutor, ticketId: string) =>
  (
    await executor
      .select({ userId: ticketCcs.userId })
      .from(ticketCcs)
      .where(eq(ticketCcs.ticketId, ticketId))
  ).map((row) => row.userId);

export const insertCc = async (
  executor: ScopedExecutor,
  values: { ticketId: string; userId: string; organizationId: string },
) => {
  await executor.insert(ticketCcs).values(values).onConflictDoNothing();
};

export const deleteCc = async (executor: ScopedExecutor, ticketId: string, userId: string) => {
  await executor.delete(ticketCcs).where(and(eq(ticketCcs.ticketId, ticketId), eq(ticketCcs.userId, userId)));
};

export const productExists = async (executor: ScopedExecutor, productId: string) =>
  (await executor.select({ id: products.id }).from(products).where(eq(products.id, productId))).length === 1;

export const componentOfProduct = async (executor: ScopedExecutor, componentId: string, productId: string) =>
  (
    await executor
      .select({ id: productComponents.id })
      .from(productComponents)
      .where(and(eq(productComponents.id, componentId), eq(productComponents.productId, productId)))
  ).length === 1;

export const versionOfProduct = async (executor: ScopedExecutor, versionId: string, productId: string) =>
  (
    await executor
      .select({ id: productVersions.id })
      .from(productVersions)
      .where(and(eq(productVersions.id, versionId), eq(productVersions.productId, productId)))
  ).length === 1;

/** The kinds that make up a ticket's conversation, which a merge carries over to the target. */
const conversationKinds: TicketEventKind[] = ['created', 'public_reply', 'internal_note', 'attachment_added'];

/**
 * Copies the duplicate's conversation onto the target's timeline (the timeline is append-only: the
 * originals stay where they were written), each copy naming its original; its description becomes a
 * public reply of the target. Then moves its attachments to the target, onto the copied events.
 */
export const copyConversation = async (
  executor: ScopedExecutor,
  from: { ticketId: string; number: number },
  toTicketId: string,
) => {
  await executor.execute(sql`
    insert into ${ticketEvents} (ticket_id, organization_id, actor_user_id, kind, visibility, body, data, created_at)
    select ${toTicketId}, organization_id, actor_user_id,
      case when kind = 'created' then 'public_reply'::ticket_event_kind else kind end,
      visibility, body,
      data || jsonb_build_object('mergedFromEventId', id, 'mergedFromTicketNumber', ${from.number}::bigint),
      created_at
    from ${ticketEvents}
    where ticket_id = ${from.ticketId} and kind in (${sql.join(
      conversationKinds.map((kind) => sql`${kind}::ticket_event_kind`),
      sql`, `,
    )})
    order by id`);
  await executor.execute(sql`
    update ${ticketAttachments} set ticket_id = ${toTicketId},
      event_id = (select copy.id from ${ticketEvents} copy
        where copy.ticket_id = ${toTicketId}
          and copy.data->>'mergedFromEventId' = ${ticketAttachments.eventId}::text)
    where ticket_id = ${from.ticketId}`);
};

// Canned replies: global and staff-only (row-level security admits staff alone).

const cannedReplyColumns = {
  id: cannedReplies.id,
  title: cannedReplies.title,
  body: cannedReplies.body,
  updatedAt: cannedReplies.updatedAt,
};

export const listCannedReplies = (
  executor: ScopedExecutor,
  options: { limit: number; after?: { title: string; id: string } },
) =>
  executor
    .select(cannedReplyColumns)
    .from(cannedReplies)
    .where(
      options.after
        ? or(
            gt(cannedReplies.title, options.after.title),
            and(eq(cannedReplies.title, options.after.title), gt(cannedReplies.id, options.after.id)),
          )
        : undefined,
    )
    .orderBy(asc(cannedReplies.title), asc(cannedReplies.id))
    .limit(options.limit);

export const insertCannedReply = async (
  executor: ScopedExecutor,
  values: { title: string; body: string; createdByUserId: string },
) => {
  const [row] = await executor.insert(cannedReplies).values(values).returning(cannedReplyColumns);
  if (!row) throw new Error('canned reply not created');
  return row;
};

export const updateCannedReply = async (
  executor: ScopedExecutor,
  id: string,
  values: { title: string; body: string },
) => {
  const [row] = await executor
    .update(cannedReplies)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(cannedReplies.id, id))
    .returning(cannedReplyColumns);
  return row;
};

export const deleteCannedReply = async (executor: ScopedExecutor, id: string) =>
  (await executor.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id }))
    .length === 1;

/**
 * Closes up to `batchSize` tickets solved before `solvedBefore`, with one `status_changed` event each by
 * the system, in one statement; returns how many. Rows another transaction holds are left for the next run.
 */
export const closeSolvedTickets = async (
  executor: PrivilegedExecutor,
  solvedBefore: Date,
  batchSize: number,
) => {
  const result = await executor.execute(sql`
    with due as (
      select id from ${tickets}
      where status = 'solved' and solved_at < ${solvedBefore.toISOString()}::timestamptz
      order by solved_at
      limit ${batchSize}
      for update skip locked
    ), closed as (
      update ${tickets} t set status = 'closed', closed_at = now(), updated_at = now(), last_activity_at = now()
      from due where t.id = due.id
      returning t.id, t.organization_id
    )
    insert into ${ticketEvents} (ticket_id, organization_id, actor_user_id, kind, visibility, data)
    select id, organization_id, null, 'status_changed', 'public',
      jsonb_build_object('from', 'solved', 'to', 'closed', 'reason', 'Closed automatically 14 days after it was solved')
    from closed`);
  return result.rowCount ?? 0;
};
