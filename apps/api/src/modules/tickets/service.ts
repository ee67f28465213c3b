import { randomUUID } from 'node:crypto';
import {
  type Actor,
  canTransition,
  hasPermission,
  type ProductCatalogue,
  staffTicketViews,
  type Ticket,
  type TicketCounts,
  type TicketCreateRequest,
  type TicketEvent,
  type TicketEventPage,
  type TicketEventQuery,
  type TicketFilters,
  type TicketListQuery,
  type TicketPage,
  type TicketReplyChannel,
  type TicketSearchPage,
  type TicketSearchQuery,
  type TicketSeverity,
  type TicketSla,
  type TicketStatus,
  type TicketSummary,
  ticketStatuses,
} from '@portals/domain';
import { eq, inArray, isNull, notInArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { ticketStatusCodes, tickets } from '../../db/schema/index';
import {
  type DatabaseAccess,
  readScoped,
  type Scope,
  type ScopedExecutor,
  scopeOf,
  together,
  withScope,
} from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type IdempotencyClaim, idempotently } from '../../lib/idempotency';
import { findSlaInputs, findSlaSettingsOfOrganization } from '../sla/repository';
import { moveSlaClock, type SlaSettings, slaOfNewTicket } from '../sla/service';
import { ratingOf } from '../ticket-ratings/service';
import { appendTicketEvent } from './events';
import {
  componentBelongsToProduct,
  copiedTo,
  countTicketsByStatus,
  countTicketsUpTo,
  currentContactsAmong,
  type FilterValue,
  findProduct,
  findTicketDetail,
  findVisibleTicketForUpdate,
  highlightStart,
  highlightStop,
  insertCcs,
  insertTicket,
  listCatalogue,
  listTicketEvents,
  listTickets,
  organizationSharesTickets,
  organizationsOfTier,
  searchTickets,
  type TicketListFilter,
  type TicketReader,
  ticketIsVisible,
  versionBelongsToProduct,
} from './repository';

const ticketNotFound = () => notFound('The ticket');

/**
 * A technical contact's lists depend on their organization's sharing switch, looked up first; not
 * their own requests (view=mine), which every audience that reads tickets sees.
 */
const needsSharing = (scope: Scope, filter?: TicketListFilter) =>
  scope.ticketAudience === 'own' && scope.organizationId !== null && !filter?.readersOwnRequests;

/** The scope with, for a technical contact, their organization's sharing switch (for the list queries' plan). */
const readerOf = async (tx: ScopedExecutor, scope: Scope): Promise<TicketReader> =>
  needsSharing(scope) && scope.organizationId
    ? { ...scope, sharesTickets: await organizationSharesTickets(tx, scope.organizationId) }
    : scope;

/**
 * A read of tickets by `filter`: one round trip (readScoped), or, when the reader's lists depend on the
 * sharing switch, that switch first and then the read, in one transaction.
 */
const readTickets = async <T>(
  db: DatabaseAccess,
  scope: Scope,
  filter: TicketListFilter,
  read: (tx: ScopedExecutor, reader: TicketReader) => Promise<T>,
): Promise<T> =>
  needsSharing(scope, filter)
    ? withScope(db, scope, async (tx) => read(tx, await readerOf(tx, scope)))
    : (await readScoped(db, scope, (tx) => [read(tx, scope)]))[0];

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A highlight as HTML: the text escaped, the matching words in `<mark>`. */
const highlightHtml = (fragment: string) =>
  escapeHtml(fragment).replaceAll(highlightStart, '<mark>').replaceAll(highlightStop, '</mark>');

const isStaffWorker = (actor: Actor) => hasPermission(actor, 'ticket:work:any');

/**
 * A person a ticket names. The queries name staff too, whom a contact's row-level security hides
 * (repository.ts, staffNameOr), so a name is missing only for someone the reader may not know.
 */
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? 'Support team' } : null);

export const getCatalogue = async (db: DatabaseAccess, actor: Actor): Promise<ProductCatalogue> =>
  withScope(db, scopeOf(actor), async (tx) => {
    const { productRows, componentRows, versionRows } = await listCatalogue(tx);
    return {
      items: productRows.map((product) => ({
        ...product,
        components: componentRows
          .filter((row) => row.productId === product.id)
          .map(({ id, name }) => ({ id, name })),
        versions: versionRows
          .filter((row) => row.productId === product.id)
          .map(({ id, name }) => ({ id, name })),
      })),
    };
  });

const isoOrNull = (instant: Date | null) => instant?.toISOString() ?? null;

/** A ticket's response target as its row stores it (docs/decisions/018-sla.md). */
const slaOf = (row: Omit<Awaited<ReturnType<typeof listTickets>>[number], 'sortKey'>): TicketSla => ({
  owed: row.slaOwed,
  dueAt: isoOrNull(
    row.slaOwed === null
      ? null
      : row.slaOwed === 'next_response'
        ? row.nextResponseDueAt
        : row.firstResponseDueAt,
  ),
  warnAt: isoOrNull(row.slaWarnAt),
  pausedAt: isoOrNull(row.slaPausedAt),
  firstResponseDueAt: isoOrNull(row.firstResponseDueAt),
  firstRespondedAt: isoOrNull(row.firstRespondedAt),
  nextResponseDueAt: isoOrNull(row.nextResponseDueAt),
});

/** A list's or a search's row as the API shows a ticket in a list. */
const summaryOf = (row: Omit<Awaited<ReturnType<typeof listTickets>>[number], 'sortKey'>): TicketSummary => ({
  id: row.id,
  number: row.number,
  organizationId: row.organizationId,
  organizationName: row.organizationName,
  organizationTier: row.organizationTier,
  subject: row.subject,
  status: row.status,
  severity: row.severity as TicketSeverity,
  requester: { id: row.requesterId, name: row.requesterName ?? 'Former contact' },
  assignee: person(row.assigneeId, row.assigneeName),
  productId: row.productId,
  createdAt: row.createdAt.toISOString(),
  lastActivityAt: row.lastActivityAt.toISOString(),
  sla: slaOf(row),
});

type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicketDetail>>>;

/** The ticket page's row: its summary, and what only the page shows. */
const ticketOf = (row: TicketRow): Ticket => ({
  ...summaryOf(row),
  description: row.description,
  product: { id: row.productId, name: row.productName },
  component: row.componentId && row.componentName ? { id: row.componentId, name: row.componentName } : null,
  version: row.versionId && row.versionName ? { id: row.versionId, name: row.versionName } : null,
  ccs: row.ccs,
  mergedIntoTicketId: row.mergedIntoTicketId,
  updatedAt: row.updatedAt.toISOString(),
  solvedAt: row.solvedAt?.toISOString() ?? null,
  closedAt: row.closedAt?.toISOString() ?? null,
  slaBreaches: row.slaBreaches.map((breach) => ({
    kind: breach.kind,
    dueAt: new Date(breach.dueAt).toISOString(),
    recordedAt: new Date(breach.recordedAt).toISOString(),
  })),
  rating: row.rating ? ratingOf(row.rating) : null,
});

const loadTicket = async (tx: ScopedExecutor, scope: Scope, ticketId: string): Promise<Ticket> => {
  const row = await findTicketDetail(tx, scope, ticketId);
  if (!row) throw ticketNotFound();
  return ticketOf(row);
};

/** One round trip (readScoped): the scope's opening and the ticket's one query. */
export const getTicket = async (db: DatabaseAccess, actor: Actor, ticketId: string): Promise<Ticket> => {
  const scope = scopeOf(actor);
  const [row] = await readScoped(db, scope, (tx) => [findTicketDetail(tx, scope, ticketId)]);
  if (!row) throw ticketNotFound();
  return ticketOf(row);
};

// Creating.

/** The product, component and version chosen, checked in one round trip. */
const productChoiceErrors = (
  found: [product: unknown, component: boolean | undefined, version: boolean | undefined],
  request: TicketCreateRequest,
) => {
  const [product, component, version] = found;
  const errors: { path: string; message: string }[] = [];
  if (!product) {
    errors.push({ path: 'productId', message: 'No such product' });
    return errors;
  }
  if (request.componentId && !component) {
    errors.push({ path: 'componentId', message: 'Not a component of this product' });
  }
  if (request.versionId && !version) {
    errors.push({ path: 'versionId', message: 'Not a version of this product' });
  }
  return errors;
};

/** A contact opens a ticket as its requester, copying colleagues of the same organization. */
export const createTicket = async (
  db: DatabaseAccess,
  actor: Actor,
  request: TicketCreateRequest,
  idempotency: IdempotencyClaim | null,
  sla: SlaSettings,
): Promise<Ticket> => {
  const scope = scopeOf(actor);
  const organizationId = scope.organizationId;
  if (!organizationId || !hasPermission(actor, 'ticket:write:own')) {
    throw new AppError('forbidden', 'Only contacts of an organization open tickets');
  }
  // The answer is the ticket, which a token that may write but not read could not be shown.
  if (scope.ticketAudience === 'none') {
    throw new AppError(
      'forbidden',
      'Opening a ticket also needs the permission to read it (ticket:read:own)',
    );
  }
  return idempotently(db, scope, idempotency, async (tx) => {
    const wanted = [...new Set(request.ccUserIds)].filter((userId) => userId !== actor.userId);
    // The checks in one round trip, the writes and the answer in another.
    const [product, component, version, contacts, slaBasis] = await together(tx, (on) => [
      findProduct(on, request.productId),
      request.componentId ? componentBelongsToProduct(on, request.componentId, request.productId) : undefined,
      request.versionId ? versionBelongsToProduct(on, request.versionId, request.productId) : undefined,
      wanted.length > 0 ? currentContactsAmong(on, organizationId, wanted) : undefined,
      findSlaSettingsOfOrganization(on, organizationId),
    ]);
    const errors = productChoiceErrors([product, component, version], request);
    const copied = contacts ?? [];
    for (const [index, userId] of request.ccUserIds.entries()) {
      if (userId !== actor.userId && !copied.includes(userId)) {
        errors.push({ path: `ccUserIds.${index}`, message: 'Not a contact of your organization' });
      }
    }
    if (errors.length > 0)
      throw new AppError('validation_failed', 'The ticket cannot be opened as asked', errors);
    const id = randomUUID();
    const [, , , ticket] = await together(tx, (on) => [
      insertTicket(on, {
        id,
        organizationId,
        requesterUserId: actor.userId,
        subject: request.subject,
        description: request.description,
        productId: request.productId,
        componentId: request.componentId ?? null,
        versionId: request.versionId ?? null,
        severity: request.severity,
        // The first response is owed from now (the SLA clock: docs/decisions/018-sla.md).
        ...(slaBasis ? slaOfNewTicket({ ...slaBasis, severity: request.severity }, sla) : {}),
      }),
      copied.length > 0 ? insertCcs(on, id, organizationId, copied) : undefined,
      appendTicketEvent(on, {
        ticketId: id,
        organizationId,
        actorUserId: actor.userId,
        kind: 'created',
        visibility: 'public',
        body: request.description,
        data: { severity: request.severity, ccUserIds: copied },
      }),
      loadTicket(on, scope, id),
    ]);
    return ticket;
  });
};

// Listing.

const CursorKey = z.object({ key: z.string(), id: z.uuid() });

/** The view and filters as conditions; staff-only ones refused to contacts. */
const codesOf = (statuses: readonly TicketStatus[]) => statuses.map((status) => ticketStatusCodes[status]);

const filterOf = (actor: Actor, scope: Scope, filters: TicketFilters): TicketListFilter => {
  const staff = scope.ticketAudience === 'any';
  const view = filters.view ?? (staff ? 'all' : 'organization');
  const staffOnly = [
    ...(staffTicketViews.includes(view) ? [`view=${view}`] : []),
    ...(filters.organizationId ? ['organizationId'] : []),
    ...(filters.tier ? ['tier'] : []),
    ...(filters.assigneeId ? ['assigneeId'] : []),
  ];
  if (!staff && staffOnly.length > 0) {
    throw new AppError('forbidden', `Only the vendor's staff filter by ${staffOnly.join(', ')}`);
  }
  const open: TicketStatus[] = ['solved', 'closed'];
  const organizationId = scope.organizationId;
  const byView: Record<typeof view, (value: FilterValue) => SQL[]> = {
    mine: (value) => [sql`${tickets.requesterUserId} = ${value('viewerId', actor.userId)}`],
    copied: (value) => [copiedTo(value('viewerId', actor.userId))],
    organization: (value) =>
      organizationId ? [sql`${tickets.organizationId} = ${value('viewOrganizationId', organizationId)}`] : [],
    all: () => [],
    unassigned: () => [isNull(tickets.assigneeUserId), notInArray(tickets.statusCode, codesOf(open))],
    assigned_to_me: (value) => [sql`${tickets.assigneeUserId} = ${value('viewerId', actor.userId)}`],
    waiting_on_us: () => [inArray(tickets.statusCode, codesOf(['new', 'open']))],
    waiting_on_customer: () => [eq(tickets.statusCode, ticketStatusCodes.pending_customer)],
  };
  // Each filter given adds a condition; a list of one value compares with `=`, which the indexes serve
  // best, a longer one with `= any(array)`, whatever its length (one SQL text, one prepared query).
  const oneOf = (column: AnyPgColumn, name: string, values: readonly unknown[], type: string) =>
    values.length === 1
      ? (value: FilterValue) => sql`${column} = ${value(name, values[0])}`
      : (value: FilterValue) => sql`${column} = any(${value(name, values)}::${sql.raw(type)}[])`;
  const given: [name: string, value: unknown, condition: (value: FilterValue) => SQL][] = [];
  if (filters.status?.length) {
    // By code: the indexes' column, compared leakproof (migration 0015).
    const codes = codesOf(filters.status);
    given.push(['status', codes, oneOf(tickets.statusCode, 'status', codes, 'smallint')]);
  }
  if (filters.severity?.length) {
    given.push([
      'severity',
      filters.severity,
      oneOf(tickets.severity, 'severity', filters.severity, 'smallint'),
    ]);
  }
  const equal = (name: string, column: AnyPgColumn, value: unknown) => {
    if (value !== undefined && value !== null && value !== '')
      given.push([name, value, (to) => sql`${column} = ${to(name, value)}`]);
  };
  equal('requesterId', tickets.requesterUserId, filters.requesterId);
  equal('productId', tickets.productId, filters.productId);
  equal('organizationId', tickets.organizationId, filters.organizationId);
  equal('assigneeId', tickets.assigneeUserId, filters.assigneeId);
  equal('number', tickets.number, filters.number);
  if (filters.tier) {
    const tier = filters.tier;
    given.push(['tier', tier, (value) => organizationsOfTier(value('tier', tier))]);
  }
  const values: Record<string, unknown> = {
    viewerId: actor.userId,
    viewOrganizationId: organizationId ?? '',
  };
  for (const [name, value] of given) {
    values[name] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  }
  return {
    conditions: (value) => [...byView[view](value), ...given.map(([, , condition]) => condition(value))],
    values,
    shape: [
      view,
      ...given.map(([name, value]) => (Array.isArray(value) && value.length > 1 ? `${name}[]` : name)),
    ].join(','),
    ...(view === 'mine' && scope.ticketAudience !== 'none' ? { readersOwnRequests: true } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
};

export const listVisibleTickets = async (
  db: DatabaseAccess,
  actor: Actor,
  query: TicketListQuery,
): Promise<TicketPage> => {
  const scope = scopeOf(actor);
  const filter = filterOf(actor, scope, query);
  const sort = query.sort ?? (query.q ? 'relevance' : 'last_activity');
  const after = query.cursor
    ? decodeCursor(
        query.cursor,
        z.string().transform((text, context) => {
          try {
            return CursorKey.parse(JSON.parse(text));
          } catch {
            context.addIssue({ code: 'custom', message: 'not a cursor' });
            return z.NEVER;
          }
        }),
      )
    : undefined;
  // One row more than asked tells whether another page follows.
  const order = {
    sort,
    direction: sort === 'relevance' ? 'desc' : query.direction,
    ...(after ? { after } : {}),
    limit: query.limit + 1,
  } as const;
  const rows = await readTickets(db, scope, filter, (tx, reader) => listTickets(tx, reader, filter, order));
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(summaryOf),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor(JSON.stringify({ key: last.sortKey, id: last.id }))
        : null,
  };
};

/** Search over subjects, descriptions and the replies (notes: staff) the caller may see; offset pages. */
export const searchVisibleTickets = async (
  db: DatabaseAccess,
  actor: Actor,
  query: TicketSearchQuery,
): Promise<TicketSearchPage> => {
  const scope = scopeOf(actor);
  const filter = { ...filterOf(actor, scope, query), q: query.q };
  const offset = query.cursor ? decodeCursor(query.cursor, z.coerce.number().int().min(0).max(10_000)) : 0;
  const rows = await withScope(db, scope, async (tx) =>
    searchTickets(tx, await readerOf(tx, scope), filter, { offset, limit: query.limit + 1 }),
  );
  const items = rows.slice(0, query.limit);
  return {
    items: items.map((row) => ({
      ...summaryOf(row),
      rank: row.rank,
      highlights: row.highlights.filter((fragment) => fragment.includes(highlightStart)).map(highlightHtml),
    })),
    nextCursor: rows.length > query.limit ? encodeCursor(offset + query.limit) : null,
  };
};

export const countVisibleTickets = async (
  db: DatabaseAccess,
  actor: Actor,
  filters: TicketFilters,
): Promise<TicketCounts> => {
  const scope = scopeOf(actor);
  const filter = filterOf(actor, scope, filters);
  const rows = await readTickets(db, scope, filter, (tx, reader) => countTicketsByStatus(tx, reader, filter));
  const counts = Object.fromEntries(ticketStatuses.map((status) => [status, 0])) as Record<
    TicketStatus,
    number
  >;
  for (const row of rows) counts[row.status] = row.count;
  return { counts, total: rows.reduce((sum, row) => sum + row.count, 0) };
};

/**
 * How many tickets the actor may see match `filters`, with the lists' filters and privacy rule, counted
 * up to `upTo`: one query started at once, for a batch of figures (readScoped). A technical contact's
 * predicate reads the sharing switch itself (no look-up first), so it needs no transaction of its own.
 */
export const countVisibleTicketsUpTo = (
  tx: ScopedExecutor,
  actor: Actor,
  scope: Scope,
  filters: TicketFilters,
  upTo: number,
): Promise<number> => countTicketsUpTo(tx, scope, filterOf(actor, scope, filters), upTo);

// The timeline.

type EventRow = Awaited<ReturnType<typeof listTicketEvents>>[number];

const toEvent = (
  row: EventRow,
  person: (id: string | null, name: string | null) => { id: string; name: string } | null,
) =>
  ({
    id: row.id,
    ticketId: row.ticketId,
    actor: person(row.actorId, row.actorName),
    createdAt: row.createdAt.toISOString(),
    kind: row.kind,
    visibility: row.visibility,
    ...(row.body === null ? {} : { body: row.body }),
    ...(Object.keys(row.data).length > 0 || row.body === null ? { data: row.data } : {}),
  }) as TicketEvent;

export const listEventsOfTicket = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  query: TicketEventQuery,
): Promise<TicketEventPage> => {
  const scope = scopeOf(actor);
  // One round trip: whether the ticket is visible, and its page of events (row-level security shows
  // none of a ticket the reader may not see; the check tells that apart from an empty page).
  const [visible, rows] = await readScoped(db, scope, (tx) => [
    ticketIsVisible(tx, scope, ticketId),
    listTicketEvents(tx, scope, ticketId, {
      ...(query.after === undefined ? {} : { afterId: query.after }),
      limit: query.limit + 1,
    }),
  ]);
  if (!visible) throw ticketNotFound();
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => toEvent(row, person)),
    nextCursor: rows.length > query.limit && last ? last.id : null,
  };
};

const eventById = async (tx: ScopedExecutor, scope: Scope, ticketId: string, eventId: number) => {
  const [row] = await listTicketEvents(tx, scope, ticketId, { afterId: eventId - 1, limit: 1 });
  if (!row || row.id !== eventId) throw new Error('the appended event is not visible');
  return toEvent(row, person);
};

/** What an email reply adds to its event: how it came, and the message it came in (decision 020). */
export interface ReplySource {
  via: TicketReplyChannel;
  emailMessageId: string;
}

/**
 * A public reply, in the caller's scoped transaction: the one workflow of the portal's and the email's
 * replies. A contact's reply to a ticket waiting on them reopens it; a staff member's first public reply
 * opens a new ticket. Closed tickets take no replies (a follow-up ticket does). A ticket the actor may not
 * see is 404, as everywhere.
 */
export const appendPublicReply = async (
  tx: ScopedExecutor,
  actor: Actor,
  scope: Scope,
  ticketId: string,
  body: string,
  sla: SlaSettings,
  source?: ReplySource,
): Promise<TicketEvent> => {
  const staff = isStaffWorker(actor);
  if (!staff && !hasPermission(actor, 'ticket:write:own')) {
    throw new AppError('forbidden', 'You may read this ticket but not answer it');
  }
  // The lock and the SLA clock's inputs in one round trip: the clock is read once the row is locked.
  const [ticket, slaInputs] = await together(tx, (on) => [
    findVisibleTicketForUpdate(on, scope, ticketId),
    findSlaInputs(on, ticketId),
  ]);
  if (!ticket) throw ticketNotFound();
  if (ticket.status === 'closed') {
    throw new AppError('conflict', 'This ticket is closed: open a new ticket that refers to it');
  }
  const reopens = (!staff && ticket.status === 'pending_customer') || (staff && ticket.status === 'new');
  const to: TicketStatus = 'open';
  const status = reopens && canTransition(ticket.status, to, staff ? 'staff' : 'system') ? to : undefined;
  // The reply and the status change it makes in one round trip, in this order.
  const [reply] = await together(tx, (on) => [
    appendTicketEvent(on, {
      ticketId,
      organizationId: ticket.organizationId,
      actorUserId: actor.userId,
      kind: 'public_reply',
      visibility: 'public',
      body,
      ...(source ? { data: { ...source } } : {}),
      ...(status ? { status } : {}),
    }),
    status
      ? appendTicketEvent(on, {
          ticketId,
          organizationId: ticket.organizationId,
          actorUserId: actor.userId,
          kind: 'status_changed',
          visibility: 'public',
          data: { from: ticket.status, to: status, reason: 'reply' },
        })
      : undefined,
  ]);
  // A staff member's reply answers what is owed; a contact's owes the next response.
  await moveSlaClock(
    tx,
    ticketId,
    [
      { kind: staff ? 'staff_replied' : 'contact_replied' },
      ...(status ? [{ kind: 'status_changed' as const, from: ticket.status, to: status }] : []),
    ],
    sla,
    { inputs: slaInputs },
  );
  return eventById(tx, scope, ticketId, reply.id);
};

/** A public reply from the portal or the API (appendPublicReply), once per Idempotency-Key. */
export const replyToTicket = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  body: string,
  idempotency: IdempotencyClaim | null,
  sla: SlaSettings,
): Promise<TicketEvent> => {
  const scope = scopeOf(actor);
  if (!isStaffWorker(actor) && !hasPermission(actor, 'ticket:write:own')) {
    throw new AppError('forbidden', 'You may read this ticket but not answer it');
  }
  return idempotently(db, scope, idempotency, (tx) =>
    appendPublicReply(tx, actor, scope, ticketId, body, sla),
  );
};

/** Staff: an internal note, which no contact ever sees. */
export const addInternalNote = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  body: string,
  idempotency: IdempotencyClaim | null,
): Promise<TicketEvent> => {
  const scope = scopeOf(actor);
  if (!isStaffWorker(actor) || scope.ticketAudience !== 'any') {
    throw new AppError('forbidden', "Internal notes are the vendor's staff's");
  }
  return idempotently(db, scope, idempotency, async (tx) => {
    const ticket = await findVisibleTicketForUpdate(tx, scope, ticketId);
    if (!ticket) throw ticketNotFound();
    const note = await appendTicketEvent(tx, {
      ticketId,
      organizationId: ticket.organizationId,
      actorUserId: actor.userId,
      kind: 'internal_note',
      visibility: 'internal',
      body,
    });
    return eventById(tx, scope, ticketId, note.id);
  });
};
