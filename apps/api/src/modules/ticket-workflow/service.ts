import {
  type Actor,
  type CannedReply,
  type CannedReplyPage,
  type CannedReplyRequest,
  can,
  canTransition,
  type FieldError,
  hasPermission,
  type PageQuery,
  solvedTicketReopenDays,
  type TicketAssignRequest,
  type TicketBulkRequest,
  type TicketBulkResult,
  type TicketCcChangeRequest,
  type TicketMergeRequest,
  type TicketProductChangeRequest,
  type TicketSeverityChangeRequest,
  type TicketStatus,
  type TicketStatusChangeRequest,
  type TicketTransitionActor,
  ticketAssigneeRoles,
} from '@portals/domain';
import { z } from 'zod';
import {
  type DatabaseAccess,
  privileged,
  type Scope,
  type ScopedExecutor,
  scopeOf,
  withScope,
} from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type IdempotencyClaim, idempotently } from '../../lib/idempotency';
import { moveSlaClock, type SlaSettings } from '../sla/service';
import { appendTicketEvent } from '../tickets/events';
import { findVisibleTicketForUpdate } from '../tickets/repository';
import {
  activeStaffWithRoles,
  ccUserIdsOf,
  closeSolvedTickets,
  componentOfProduct,
  copyConversation,
  deleteCannedReply,
  deleteCc,
  findPeople,
  findVisibleTicketsForUpdate,
  insertCannedReply,
  insertCc,
  listCannedReplies,
  productExists,
  setTicketFields,
  updateCannedReply,
  versionOfProduct,
} from './repository';

/** A ticket as a change reads it, locked for the change's transaction. */
type LockedTicket = NonNullable<Awaited<ReturnType<typeof findVisibleTicketForUpdate>>>;

const theTicket = 'The ticket';

/** Which column of the transition table the actor's changes read. */
const transitionActorOf = (actor: Actor): TicketTransitionActor =>
  hasPermission(actor, 'ticket:work:any') ? 'staff' : 'contact';

/** A contact changes only tickets of their organization they can see; staff who work tickets, any. */
const assertMayChange = (actor: Actor, ticket: LockedTicket) => {
  if (can(actor, 'ticket:work:any')) return;
  // Seeing the ticket (row-level security found it) is what `:own` means here: requested, copied or shared.
  if (!can(actor, 'ticket:write:own', { organizationId: ticket.organizationId, ownerUserId: actor.userId })) {
    throw new AppError('forbidden', 'You may not change this ticket');
  }
};

const lockVisible = async (tx: ScopedExecutor, scope: Scope, actor: Actor, ticketId: string) => {
  const ticket = await findVisibleTicketForUpdate(tx, scope, ticketId);
  if (!ticket) throw notFound(theTicket);
  assertMayChange(actor, ticket);
  return ticket;
};

const statusFields = (to: TicketStatus, now: Date) => ({
  // Reopening forgets the solve: the auto-close and the reopen window count from the next one.
  solvedAt: to === 'solved' ? now : null,
  ...(to === 'closed' ? { closedAt: now } : {}),
});

/** Why a move is refused, in words a person can act on. */
const refusalOf = (
  ticket: LockedTicket,
  to: TicketStatus,
  by: TicketTransitionActor,
  now: Date,
): string | null => {
  if (canTransition(ticket.status, to, by, { solvedAt: ticket.solvedAt, now })) return null;
  if (
    ticket.status === 'solved' &&
    to === 'open' &&
    by === 'contact' &&
    canTransition('solved', 'open', by, { solvedAt: now, now })
  ) {
    return `Ticket #${ticket.number} was solved more than ${solvedTicketReopenDays} days ago and can no longer be reopened: open a follow-up ticket instead`;
  }
  return `Ticket #${ticket.number} cannot move from ${ticket.status} to ${to}`;
};

const moveTicket = async (
  tx: ScopedExecutor,
  ticket: LockedTicket,
  actorUserId: string | null,
  to: TicketStatus,
  sla: SlaSettings,
  reason?: string,
) => {
  await setTicketFields(tx, ticket.id, statusFields(to, sla.now));
  await appendTicketEvent(tx, {
    ticketId: ticket.id,
    organizationId: ticket.organizationId,
    actorUserId,
    kind: 'status_changed',
    visibility: 'public',
    data: { from: ticket.status, to, ...(reason ? { reason } : {}) },
    status: to,
  });
  // Waiting on the customer or on hold pauses the SLA clock, back to new or open resumes it, solved stops it.
  await moveSlaClock(tx, ticket.id, [{ kind: 'status_changed', from: ticket.status, to }], sla);
};

export const changeTicketStatus = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  change: TicketStatusChangeRequest,
  sla: SlaSettings,
): Promise<null> => {
  const scope = scopeOf(actor);
  return withScope(db, scope, async (tx) => {
    const ticket = await lockVisible(tx, scope, actor, ticketId);
    const refusal = refusalOf(ticket, change.status, transitionActorOf(actor), sla.now);
    if (refusal) throw new AppError('invalid_transition', refusal);
    await moveTicket(tx, ticket, actor.userId, change.status, sla, change.reason);
    return null;
  });
};

export const changeTicketSeverity = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  change: TicketSeverityChangeRequest,
  sla: SlaSettings,
): Promise<null> => {
  const scope = scopeOf(actor);
  return withScope(db, scope, async (tx) => {
    const ticket = await lockVisible(tx, scope, actor, ticketId);
    if (ticket.status === 'closed') throw new AppError('conflict', `Ticket #${ticket.number} is closed`);
    if (ticket.severity === change.severity) {
      throw new AppError('conflict', `Ticket #${ticket.number} already has severity ${change.severity}`);
    }
    await setTicketFields(tx, ticket.id, { severity: change.severity });
    await appendTicketEvent(tx, {
      ticketId: ticket.id,
      organizationId: ticket.organizationId,
      actorUserId: actor.userId,
      kind: 'severity_changed',
      visibility: 'public',
      data: { from: ticket.severity, to: change.severity, reason: change.reason },
    });
    // The time already used counts against the new severity's target.
    await moveSlaClock(tx, ticket.id, [], sla);
    return null;
  });
};

export const changeTicketCcs = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  change: TicketCcChangeRequest,
): Promise<null> => {
  const scope = scopeOf(actor);
  return withScope(db, scope, async (tx) => {
    const ticket = await lockVisible(tx, scope, actor, ticketId);
    if (ticket.status === 'closed') throw new AppError('conflict', `Ticket #${ticket.number} is closed`);
    const current = new Set(await ccUserIdsOf(tx, ticket.id));
    const people = new Map(
      (await findPeople(tx, [...new Set([...change.add, ...change.remove])])).map((person) => [
        person.id,
        person,
      ]),
    );
    const errors: FieldError[] = [];
    change.add.forEach((userId, index) => {
      const person = people.get(userId);
      // Someone of another organization is as unknown as someone who does not exist.
      const activeColleague =
        person?.kind === 'contact' &&
        person.organizationId === ticket.organizationId &&
        person.active &&
        !person.removedAt;
      if (!activeColleague) {
        errors.push({ path: `add.${index}`, message: "Not an active contact of the ticket's organization" });
      }
    });
    change.remove.forEach((userId, index) => {
      if (!current.has(userId))
        errors.push({ path: `remove.${index}`, message: 'Not copied on this ticket' });
    });
    if (errors.length > 0) {
      throw new AppError(
        'invalid_reference',
        "Only active contacts of the ticket's organization can be copied",
        errors,
      );
    }
    const event = (kind: 'cc_added' | 'cc_removed', userId: string) =>
      appendTicketEvent(tx, {
        ticketId: ticket.id,
        organizationId: ticket.organizationId,
        actorUserId: actor.userId,
        kind,
        visibility: 'public',
        data: { user: { id: userId, name: people.get(userId)?.name ?? '' } },
      });
    for (const userId of new Set(change.add)) {
      if (current.has(userId)) continue;
      await insertCc(tx, { ticketId: ticket.id, userId, organizationId: ticket.organizationId });
      await event('cc_added', userId);
    }
    for (const userId of new Set(change.remove)) {
      // The event first: someone taking themselves off can no longer see the ticket afterwards.
      await event('cc_removed', userId);
      await deleteCc(tx, ticket.id, userId);
    }
    return null;
  });
};

const findAssignee = async (tx: ScopedExecutor, assigneeId: string | null, field: string) => {
  if (assigneeId === null) return null;
  const [assignee] = await activeStaffWithRoles(tx, [assigneeId], ticketAssigneeRoles);
  if (!assignee) {
    throw new AppError('invalid_reference', 'Tickets are assigned to staff who work on tickets', [
      { path: field, message: 'Not an active member of staff who reads tickets' },
    ]);
  }
  return assignee;
};

const assignTicket = async (
  tx: ScopedExecutor,
  ticket: LockedTicket,
  actorUserId: string,
  assignee: { id: string; name: string } | null,
) => {
  if ((assignee?.id ?? null) === ticket.assigneeUserId) return;
  const [previous] = ticket.assigneeUserId ? await findPeople(tx, [ticket.assigneeUserId]) : [];
  await setTicketFields(tx, ticket.id, { assigneeUserId: assignee?.id ?? null });
  await appendTicketEvent(tx, {
    ticketId: ticket.id,
    organizationId: ticket.organizationId,
    actorUserId,
    kind: 'assigned',
    visibility: 'public',
    data: {
      from: previous ? { id: previous.id, name: previous.name } : null,
      to: assignee ? { id: assignee.id, name: assignee.name } : null,
    },
  });
};

export const assignTicketTo = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  change: TicketAssignRequest,
): Promise<null> => {
  const scope = scopeOf(actor);
  return withScope(db, scope, async (tx) => {
    const ticket = await lockVisible(tx, scope, actor, ticketId);
    if (ticket.status === 'closed') throw new AppError('conflict', `Ticket #${ticket.number} is closed`);
    await assignTicket(tx, ticket, actor.userId, await findAssignee(tx, change.assigneeId, 'assigneeId'));
    return null;
  });
};

export const changeTicketProduct = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  change: TicketProductChangeRequest,
): Promise<null> => {
  const scope = scopeOf(actor);
  return withScope(db, scope, async (tx) => {
    const ticket = await lockVisible(tx, scope, actor, ticketId);
    const errors: FieldError[] = [];
    if (!(await productExists(tx, change.productId))) {
      errors.push({ path: 'productId', message: 'No such product' });
    } else {
      if (change.componentId && !(await componentOfProduct(tx, change.componentId, change.productId))) {
        errors.push({ path: 'componentId', message: 'Not a component of that product' });
      }
      if (change.versionId && !(await versionOfProduct(tx, change.versionId, change.productId))) {
        errors.push({ path: 'versionId', message: 'Not a version of that product' });
      }
    }
    if (errors.length > 0)
      throw new AppError('invalid_reference', "Choose from the vendor's catalogue", errors);
    const from = {
      productId: ticket.productId,
      componentId: ticket.componentId,
      versionId: ticket.versionId,
    };
    const to = { productId: change.productId, componentId: change.componentId, versionId: change.versionId };
    if (JSON.stringify(from) === JSON.stringify(to)) return null;
    await setTicketFields(tx, ticket.id, to);
    await appendTicketEvent(tx, {
      ticketId: ticket.id,
      organizationId: ticket.organizationId,
      actorUserId: actor.userId,
      kind: 'product_changed',
      visibility: 'public',
      data: { from, to },
    });
    return null;
  });
};

/** Staff: one status and/or assignee for many tickets, in one transaction: all change or none does. */
export const changeTicketsInBulk = async (
  db: DatabaseAccess,
  actor: Actor,
  change: TicketBulkRequest,
  sla: SlaSettings,
): Promise<TicketBulkResult> => {
  const { now } = sla;
  const scope = scopeOf(actor);
  const ticketIds = [...new Set(change.ticketIds)];
  return withScope(db, scope, async (tx) => {
    const locked = new Map((await findVisibleTicketsForUpdate(tx, ticketIds)).map((row) => [row.id, row]));
    const fieldOf = (ticketId: string) => `ticketIds.${change.ticketIds.indexOf(ticketId)}`;
    const missing = ticketIds.filter((id) => !locked.has(id));
    if (missing.length > 0) {
      throw new AppError(
        'not_found',
        `${missing.length} of the tickets were not found`,
        missing.map((id) => ({ path: fieldOf(id), message: 'No such ticket' })),
      );
    }
    const tickets = ticketIds.map((id) => locked.get(id) as LockedTicket);
    for (const ticket of tickets) assertMayChange(actor, ticket);
    const { status } = change;
    if (status !== undefined) {
      const refused = tickets.flatMap((ticket) => {
        const refusal = refusalOf(ticket, status, transitionActorOf(actor), now);
        return refusal ? [{ path: fieldOf(ticket.id), message: refusal }] : [];
      });
      if (refused.length > 0) {
        throw new AppError(
          'invalid_transition',
          `Nothing changed: ${refused.length} of the tickets cannot move to ${status}`,
          refused,
        );
      }
    }
    const assignee =
      change.assigneeId === undefined ? undefined : await findAssignee(tx, change.assigneeId, 'assigneeId');
    if (assignee !== undefined) {
      const closed = tickets.filter((ticket) => ticket.status === 'closed' && status === undefined);
      if (closed.length > 0) {
        throw new AppError(
          'conflict',
          'Nothing changed: closed tickets cannot be assigned',
          closed.map((ticket) => ({
            path: fieldOf(ticket.id),
            message: `Ticket #${ticket.number} is closed`,
          })),
        );
      }
    }
    for (const ticket of tickets) {
      if (assignee !== undefined) await assignTicket(tx, ticket, actor.userId, assignee);
      if (status !== undefined) await moveTicket(tx, ticket, actor.userId, status, sla);
    }
    return { updated: ticketIds, refused: [] };
  });
};

/** Staff: the duplicate's conversation and attachments go to the target; the duplicate closes. */
export const mergeTicket = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  change: TicketMergeRequest,
  sla: SlaSettings,
): Promise<null> => {
  const { now } = sla;
  const scope = scopeOf(actor);
  return withScope(db, scope, async (tx) => {
    if (change.intoTicketId === ticketId) {
      throw new AppError('invalid_reference', 'A ticket cannot be merged into itself', [
        { path: 'intoTicketId', message: 'Choose another ticket' },
      ]);
    }
    const locked = await findVisibleTicketsForUpdate(tx, [ticketId, change.intoTicketId]);
    const source = locked.find((row) => row.id === ticketId);
    const target = locked.find((row) => row.id === change.intoTicketId);
    if (!source) throw notFound(theTicket);
    assertMayChange(actor, source);
    if (!target || target.organizationId !== source.organizationId) {
      throw new AppError('invalid_reference', "A ticket merges only into another of its organization's", [
        { path: 'intoTicketId', message: 'No ticket of the same organization with this id' },
      ]);
    }
    if (source.status === 'closed') {
      throw new AppError('invalid_transition', `Ticket #${source.number} is closed and cannot be merged`);
    }
    if (target.status === 'closed') {
      throw new AppError('conflict', `Ticket #${target.number} is closed: merge into an open ticket`, [
        { path: 'intoTicketId', message: 'Closed or merged' },
      ]);
    }
    await copyConversation(tx, { ticketId: source.id, number: source.number }, target.id);
    await setTicketFields(tx, source.id, { mergedIntoTicketId: target.id, closedAt: now, solvedAt: null });
    const data = {
      sourceTicketId: source.id,
      sourceNumber: source.number,
      targetTicketId: target.id,
      targetNumber: target.number,
      sourceRequesterUserId: source.requesterUserId,
    };
    for (const [ticket, status] of [
      [source, 'closed'],
      [target, undefined],
    ] as const) {
      await appendTicketEvent(tx, {
        ticketId: ticket.id,
        organizationId: ticket.organizationId,
        actorUserId: actor.userId,
        kind: 'merged',
        visibility: 'public',
        data,
        ...(status ? { status } : {}),
      });
    }
    // The duplicate is closed: nothing is owed on it any more.
    await moveSlaClock(tx, source.id, [{ kind: 'status_changed', from: source.status, to: 'closed' }], sla);
    return null;
  });
};

// Canned replies.

const CannedReplyCursor = z
  .string()
  .transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'not a cursor' });
      return z.NEVER;
    }
  })
  .pipe(z.tuple([z.string(), z.uuid()]));

const toCannedReply = (row: { id: string; title: string; body: string; updatedAt: Date }): CannedReply => ({
  ...row,
  updatedAt: row.updatedAt.toISOString(),
});

export const listCannedRepliesPage = async (
  db: DatabaseAccess,
  actor: Actor,
  page: PageQuery,
): Promise<CannedReplyPage> => {
  const after = page.cursor ? decodeCursor(page.cursor, CannedReplyCursor) : undefined;
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    listCannedReplies(tx, {
      limit: page.limit + 1,
      ...(after ? { after: { title: after[0], id: after[1] } } : {}),
    }),
  );
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(toCannedReply),
    nextCursor: rows.length > page.limit && last ? encodeCursor(JSON.stringify([last.title, last.id])) : null,
  };
};

export const createCannedReply = async (
  db: DatabaseAccess,
  actor: Actor,
  request: CannedReplyRequest,
  idempotency: IdempotencyClaim | null,
) =>
  idempotently(db, scopeOf(actor), idempotency, async (tx) =>
    toCannedReply(await insertCannedReply(tx, { ...request, createdByUserId: actor.userId })),
  );

export const rewriteCannedReply = async (
  db: DatabaseAccess,
  actor: Actor,
  cannedReplyId: string,
  request: CannedReplyRequest,
) => {
  const row = await withScope(db, scopeOf(actor), (tx) => updateCannedReply(tx, cannedReplyId, request));
  if (!row) throw notFound('The canned reply');
  return toCannedReply(row);
};

export const removeCannedReply = async (db: DatabaseAccess, actor: Actor, cannedReplyId: string) => {
  if (!(await withScope(db, scopeOf(actor), (tx) => deleteCannedReply(tx, cannedReplyId)))) {
    throw notFound('The canned reply');
  }
  return null;
};

// Auto-close.

export const autoCloseTask = 'auto_close_solved_tickets';
export const autoCloseBatchSize = 1000;

/** The job: closes (a batch of) tickets solved longer ago than the reopen window. */
export const autoCloseSolvedTickets = (
  db: DatabaseAccess,
  now = new Date(),
  batchSize = autoCloseBatchSize,
) =>
  closeSolvedTickets(
    privileged(db),
    new Date(now.getTime() - solvedTicketReopenDays * 86_400_000),
    batchSize,
  );
