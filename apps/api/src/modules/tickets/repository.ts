import type { SlaResponseKind } from '@portals/domain';
import { type AnyColumn, and, asc, desc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  organizations,
  productComponents,
  products,
  productVersions,
  subscriptions,
  ticketCcs,
  ticketEvents,
  ticketRatings,
  ticketSlaBreaches,
  tickets,
  users,
} from '../../db/schema/index';
import { preparedIn, type Scope, type ScopedExecutor, statementName } from '../../db/scope';
import { activeTierOf } from '../organizations/repository';

/** A scope, and for a technical contact whether their organization shares tickets (looked up once). */
export type TicketReader = Scope & { sharesTickets?: boolean };

/**
 * The privacy rule as a predicate of the query itself, so that the planner picks the organization,
 * requester or copy index; row-level security (migration 0011) applies the same rule beneath it. With
 * sharing known, a technical contact's predicate is two indexable arms (requester, copied ids), which
 * PostgreSQL combines (a BitmapOr) instead of reading every ticket of the organization.
 */
export const ticketVisibleTo = (reader: TicketReader, values: 'inline' | 'placeholders' = 'inline'): SQL => {
  if (reader.ticketAudience === 'any') return sql`true`;
  if (reader.ticketAudience === 'none' || !reader.organizationId || !reader.userId) return sql`false`;
  const organizationId =
    values === 'inline' ? reader.organizationId : sql.placeholder('readerOrganizationId');
  const userId = values === 'inline' ? reader.userId : sql.placeholder('readerUserId');
  const sameOrganization = eq(tickets.organizationId, organizationId);
  if (reader.ticketAudience === 'org' || reader.sharesTickets === true) return sameOrganization;
  const own = sql`${tickets.requesterUserId} = ${userId}
    or ${tickets.id} = any(array(select ${ticketCcs.ticketId} from ${ticketCcs} where ${ticketCcs.userId} = ${userId}))`;
  if (reader.sharesTickets === false) return sql`(${sameOrganization} and (${own}))`;
  return sql`(${sameOrganization} and (${own}
    or (select ${organizations.ticketSharing} from ${organizations} where ${organizations.id} = ${organizationId})))`;
};

/** Which form ticketVisibleTo takes for a reader: a prepared query is kept per form. */
const visibilityFormOf = (reader: TicketReader): string => {
  if (reader.ticketAudience === 'any') return 'any';
  if (reader.ticketAudience === 'none' || !reader.organizationId || !reader.userId) return 'none';
  if (reader.ticketAudience === 'org' || reader.sharesTickets === true) return 'org';
  return reader.sharesTickets === false ? 'own' : 'own_or_shared';
};

/** The values of ticketVisibleTo's placeholders. */
const readerValues = (reader: TicketReader) => ({
  readerOrganizationId: reader.organizationId ?? '',
  readerUserId: reader.userId ?? '',
});

/** Whether the organization switched on ticket sharing: what a technical contact's lists depend on. */
export const organizationSharesTickets = async (executor: ScopedExecutor, organizationId: string) => {
  const [row] = await executor
    .select({ ticketSharing: organizations.ticketSharing })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.ticketSharing ?? false;
};

/** Internal events and attachments reach staff who read every ticket only. */
export const eventVisibleTo = (scope: Scope): SQL =>
  scope.ticketAudience === 'any' ? sql`true` : eq(ticketEvents.visibility, 'public');

export const listCatalogue = async (executor: ScopedExecutor) => {
  // One after another: the queries share the transaction's one connection.
  const productRows = await executor
    .select({ id: products.id, name: products.name })
    .from(products)
    .orderBy(asc(products.position), asc(products.name));
  const componentRows = await executor
    .select({
      id: productComponents.id,
      productId: productComponents.productId,
      name: productComponents.name,
    })
    .from(productComponents)
    .orderBy(asc(productComponents.position), asc(productComponents.name));
  const versionRows = await executor
    .select({ id: productVersions.id, productId: productVersions.productId, name: productVersions.name })
    .from(productVersions)
    .orderBy(asc(productVersions.position), asc(productVersions.name));
  return { productRows, componentRows, versionRows };
};

export const findProduct = async (executor: ScopedExecutor, productId: string) => {
  const [product] = await executor
    .select({ id: products.id })
    .from(products)
    .where(eq(products.id, productId))
    .execute();
  return product;
};

export const componentBelongsToProduct = async (
  executor: ScopedExecutor,
  componentId: string,
  productId: string,
) =>
  (
    await executor
      .select({ id: productComponents.id })
      .from(productComponents)
      .where(and(eq(productComponents.id, componentId), eq(productComponents.productId, productId)))
      .execute()
  ).length === 1;

export const versionBelongsToProduct = async (
  executor: ScopedExecutor,
  versionId: string,
  productId: string,
) =>
  (
    await executor
      .select({ id: productVersions.id })
      .from(productVersions)
      .where(and(eq(productVersions.id, versionId), eq(productVersions.productId, productId)))
      .execute()
  ).length === 1;

/** Of `userIds`, those who are current contacts of the organization (row-level security limits it too). */
export const currentContactsAmong = async (
  executor: ScopedExecutor,
  organizationId: string,
  userIds: string[],
) => {
  if (userIds.length === 0) return [];
  const rows = await executor
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.kind, 'contact'),
        eq(users.active, true),
        isNull(users.removedAt),
        inArray(users.id, userIds),
      ),
    )
    .execute();
  return rows.map((row) => row.id);
};

export const insertTicket = async (executor: ScopedExecutor, values: typeof tickets.$inferInsert) => {
  const [ticket] = await executor.insert(tickets).values(values).returning({ id: tickets.id }).execute();
  if (!ticket) throw new Error('ticket not created');
  return ticket;
};

export const insertCcs = async (
  executor: ScopedExecutor,
  ticketId: string,
  organizationId: string,
  userIds: string[],
) => {
  if (userIds.length === 0) return;
  await executor
    .insert(ticketCcs)
    .values(userIds.map((userId) => ({ ticketId, userId, organizationId })))
    .onConflictDoNothing()
    .execute();
};

/** What a change reads of a ticket it has locked (one ticket here; the workflow's bulk and merge locks too). */
export const lockedTicketColumns = {
  id: tickets.id,
  number: tickets.number,
  organizationId: tickets.organizationId,
  requesterUserId: tickets.requesterUserId,
  status: tickets.status,
  severity: tickets.severity,
  assigneeUserId: tickets.assigneeUserId,
  productId: tickets.productId,
  componentId: tickets.componentId,
  versionId: tickets.versionId,
  solvedAt: tickets.solvedAt,
  mergedIntoTicketId: tickets.mergedIntoTicketId,
};

/** A visible ticket's state, locked for a change in this transaction. */
export const findVisibleTicketForUpdate = async (
  executor: ScopedExecutor,
  scope: Scope,
  ticketId: string,
) => {
  const [ticket] = await executor
    .select(lockedTicketColumns)
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), ticketVisibleTo(scope)))
    .for('update')
    .execute();
  return ticket;
};

export const ticketIsVisible = (executor: ScopedExecutor, scope: Scope, ticketId: string) => {
  const form = visibilityFormOf(scope);
  return preparedIn(executor, `ticket_visible_${form}`, (on) =>
    on
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.id, sql.placeholder('ticketId')), ticketVisibleTo(scope, 'placeholders')))
      .prepare(statementName(`ticket_visible_${form}`)),
  )
    .execute({ ticketId, ...readerValues(scope) })
    .then((rows) => rows.length === 1);
};

/**
 * A staff member's name, though a contact's row-level security hides staff (they belong to no
 * organization): migration 0016's app_staff_names view, staff ids and names only, read-only.
 */
const staffName = (userId: SQL | AnyColumn) =>
  sql<string | null>`(select staff.name from app_staff_names as staff where staff.id = ${userId})`;

/** A person's name as the reader's row-level security shows it, or else a staff member's. */
export const staffNameOr = (visibleName: SQL | AnyColumn, userId: AnyColumn) =>
  sql<string | null>`coalesce(${visibleName}, ${staffName(userId)})`;

const requester = alias(users, 'requester');
const assignee = alias(users, 'assignee');

const summaryColumns = {
  id: tickets.id,
  number: tickets.number,
  organizationId: tickets.organizationId,
  // Joined by primary key (every summary query joins organizations), the tier one index probe a row.
  organizationName: organizations.name,
  organizationTier: activeTierOf(tickets.organizationId),
  subject: tickets.subject,
  status: tickets.status,
  severity: tickets.severity,
  requesterId: tickets.requesterUserId,
  requesterName: requester.name,
  assigneeId: tickets.assigneeUserId,
  assigneeName: staffNameOr(assignee.name, tickets.assigneeUserId),
  productId: tickets.productId,
  createdAt: tickets.createdAt,
  lastActivityAt: tickets.lastActivityAt,
  slaOwed: tickets.slaOwed,
  slaWarnAt: tickets.slaWarnAt,
  slaPausedAt: tickets.slaPausedAt,
  firstResponseDueAt: tickets.firstResponseDueAt,
  firstRespondedAt: tickets.firstRespondedAt,
  nextResponseDueAt: tickets.nextResponseDueAt,
};

/**
 * A ticket with the names it shows and its CCs in one statement: one round trip, and the names as
 * scalar sub-queries rather than joins, which keeps planning (most of its cost, with every table's
 * policy expanded into the join search) to a fraction of a millisecond per look-up.
 */
export const findTicketDetail = (executor: ScopedExecutor, scope: Scope, ticketId: string) => {
  const form = visibilityFormOf(scope);
  return preparedIn(executor, `ticket_detail_${form}`, (on) => prepareTicketDetail(on, scope, form))
    .execute({ ticketId, ...readerValues(scope) })
    .then(([row]) => row);
};

const prepareTicketDetail = (executor: ScopedExecutor, scope: Scope, form: string) => {
  const nameOf = (table: typeof users | typeof productComponents | typeof productVersions, id: SQL) =>
    sql<string | null>`(select named.name from ${table} as named where named.id = ${id})`;
  return executor
    .select({
      ...summaryColumns,
      requesterName: nameOf(users, sql`${tickets.requesterUserId}`),
      assigneeName: staffNameOr(nameOf(users, sql`${tickets.assigneeUserId}`), tickets.assigneeUserId),
      description: tickets.description,
      productName: products.name,
      componentId: tickets.componentId,
      componentName: nameOf(productComponents, sql`${tickets.componentId}`),
      versionId: tickets.versionId,
      versionName: nameOf(productVersions, sql`${tickets.versionId}`),
      mergedIntoTicketId: tickets.mergedIntoTicketId,
      updatedAt: tickets.updatedAt,
      solvedAt: tickets.solvedAt,
      closedAt: tickets.closedAt,
      ccs: sql<{ id: string; name: string }[]>`(
        select coalesce(json_agg(json_build_object('id', copied.id, 'name', copied.name)
          order by cc.added_at, copied.name), '[]'::json)
        from ${ticketCcs} as cc join ${users} as copied on copied.id = cc.user_id
        where cc.ticket_id = ${tickets.id})`,
      // Under the breaches' own policy: the ticket's, for whoever sees the ticket.
      slaBreaches: sql<{ kind: SlaResponseKind; dueAt: string; recordedAt: string }[]>`(
        select coalesce(json_agg(json_build_object('kind', breach.kind, 'dueAt', breach.due_at,
          'recordedAt', breach.recorded_at) order by breach.due_at), '[]'::json)
        from ${ticketSlaBreaches} as breach where breach.ticket_id = ${tickets.id})`,
      // The requester's rating: staff see it, and of contacts only the requester (decision 019).
      rating: sql<{
        rating: 'good' | 'bad';
        comment: string | null;
        raterId: string;
        raterName: string;
        ratedAt: string;
      } | null>`(
        select json_build_object('rating', rated.rating, 'comment', rated.comment, 'raterId', rated.rater_user_id,
          'raterName', rater.name, 'ratedAt', rated.rated_at)
        from ${ticketRatings} as rated join ${users} as rater on rater.id = rated.rater_user_id
        where rated.ticket_id = ${tickets.id}
          and ${scope.ticketAudience === 'any' ? sql`true` : sql`rated.rater_user_id = ${sql.placeholder('readerUserId')}`})`,
    })
    .from(tickets)
    .innerJoin(organizations, eq(organizations.id, tickets.organizationId))
    .innerJoin(products, eq(products.id, tickets.productId))
    .where(and(eq(tickets.id, sql.placeholder('ticketId')), ticketVisibleTo(scope, 'placeholders')))
    .prepare(statementName(`ticket_detail_${form}`));
};

export type TicketSortColumn = 'last_activity' | 'created' | 'severity' | 'number' | 'response_due';

const sortColumns = {
  last_activity: sql`${tickets.lastActivityAt}`,
  created: sql`${tickets.createdAt}`,
  severity: sql`${tickets.severity}`,
  number: sql`${tickets.number}`,
  // The owed response's due time; never null (the cursor compares rows): nothing due sorts as infinity.
  response_due: sql`coalesce(case ${tickets.slaOwed} when 'first_response' then ${tickets.firstResponseDueAt}
    when 'next_response' then ${tickets.nextResponseDueAt} end, 'infinity'::timestamptz)`,
} as const;

/**
 * A value of a list's filter, as given (a parameter of a query built for this request) or as a named
 * placeholder (of a query prepared once per connection and shape, its values passed on each run).
 */
export type FilterValue = (name: string, value: unknown) => unknown;

// An array as one parameter (drizzle spreads a bare array into a list of them).
export const inlineValue: FilterValue = (_name, value) => (Array.isArray(value) ? sql.param(value) : value);
const placeholderValue: FilterValue = (name) => sql.placeholder(name);

export interface TicketListFilter {
  /** The conditions, each value through `value`: the SQL is the same either way. */
  conditions: (value: FilterValue) => SQL[];
  /** The values by name (what the placeholders take). */
  values: Record<string, unknown>;
  /** Which conditions there are: the SQL text depends on this alone. */
  shape: string;
  /** The conditions include "requested by the reader" (view=mine). */
  readersOwnRequests?: boolean;
  /** Full-text query (web search syntax). */
  q?: string;
}

export interface TicketListOrder {
  /** A column, or relevance to `q`. */
  sort: TicketSortColumn | 'relevance';
  direction: 'asc' | 'desc';
  /** The last row of the previous page: its sort key (as text) and id. */
  after?: { key: string; id: string };
  limit: number;
}

const queryOf = (q: unknown) => sql`websearch_to_tsquery('english', ${q})`;

const userNameOf = (id: SQL) =>
  sql<string | null>`(select named.name from ${users} as named where named.id = ${id})`;

/**
 * The filter's conditions as one `where`, the audience predicate first, unless the filter already
 * limits the rows to the reader's own requests (which every audience that sees tickets sees): its OR
 * arms would only keep the planner from the requester's index. Row-level security still applies.
 */
const whereOf = (
  scope: TicketReader,
  filter: TicketListFilter,
  value: FilterValue = inlineValue,
  extra: SQL[] = [],
) =>
  and(
    filter.readersOwnRequests
      ? undefined
      : ticketVisibleTo(scope, value === inlineValue ? 'inline' : 'placeholders'),
    ...filter.conditions(value),
    ...(filter.q ? [sql`${tickets.searchDocument} @@ ${queryOf(value('q', filter.q))}`] : []),
    ...extra,
  );

/**
 * A page of tickets. Prepared once per connection for each form of the query (the reader's visibility,
 * the filter's shape, the order): drizzle builds the SQL once, and each request passes its values.
 */
export const listTickets = (
  executor: ScopedExecutor,
  scope: TicketReader,
  filter: TicketListFilter,
  order: TicketListOrder,
) => {
  const form = [
    'tickets_list',
    visibilityFormOf(scope),
    filter.readersOwnRequests ? 'own_requests' : 'visible',
    filter.shape,
    filter.q ? 'q' : '',
    order.sort,
    order.direction,
    order.after ? 'after' : 'first',
  ].join(':');
  return preparedIn(executor, form, (on) => prepareTicketList(on, scope, filter, order, form)).execute({
    ...readerValues(scope),
    ...filter.values,
    ...(filter.q ? { q: filter.q } : {}),
    afterKey: order.after?.key ?? '',
    afterId: order.after?.id ?? '',
    limit: order.limit,
  });
};

const prepareTicketList = (
  executor: ScopedExecutor,
  scope: TicketReader,
  filter: TicketListFilter,
  order: TicketListOrder,
  form: string,
) => {
  // The sort key, also read back as text: a timestamp keeps its microseconds in the cursor.
  const key =
    order.sort === 'relevance'
      ? sql`ts_rank_cd(${tickets.searchDocument}, ${queryOf(sql.placeholder('q'))})`
      : sql`${sortColumns[order.sort]}`;
  const keyType =
    order.sort === 'relevance'
      ? sql`real`
      : order.sort === 'severity' || order.sort === 'number'
        ? sql`bigint`
        : sql`timestamptz`;
  const compare = order.direction === 'desc' ? sql`<` : sql`>`;
  const afterCondition = order.after
    ? [
        sql`(${key}, ${tickets.id}) ${compare} (${sql.placeholder('afterKey')}::text::${keyType}, ${sql.placeholder('afterId')}::uuid)`,
      ]
    : [];
  const direction = order.direction === 'desc' ? desc : asc;
  // The names as sub-queries, not joins: PostgreSQL computes them for the page's rows only, after the
  // sort and limit, where a join looked up every matching ticket's people first.
  return executor
    .select({
      ...summaryColumns,
      requesterName: userNameOf(sql`${tickets.requesterUserId}`),
      assigneeName: staffNameOr(userNameOf(sql`${tickets.assigneeUserId}`), tickets.assigneeUserId),
      sortKey: sql<string>`(${key})::text`,
    })
    .from(tickets)
    .innerJoin(organizations, eq(organizations.id, tickets.organizationId))
    .where(whereOf(scope, filter, placeholderValue, afterCondition))
    .orderBy(direction(key), direction(tickets.id))
    .limit(sql.placeholder('limit'))
    .prepare(statementName(form));
};

export const countTicketsByStatus = (executor: ScopedExecutor, scope: Scope, filter: TicketListFilter) =>
  executor
    .select({ status: tickets.status, count: sql<number>`count(*)::int` })
    .from(tickets)
    .where(whereOf(scope, filter))
    .groupBy(tickets.status)
    .execute();

/**
 * How many tickets the filter matches (the lists' own conditions and privacy predicate), reading no
 * more than `upTo` of them: a figure such as the home overview's, bounded however large the queue.
 */
export const countTicketsUpTo = (
  executor: ScopedExecutor,
  scope: TicketReader,
  filter: TicketListFilter,
  upTo: number,
) => {
  const matching = executor
    .select({ id: tickets.id })
    .from(tickets)
    .where(whereOf(scope, filter))
    .limit(upTo)
    .as('matching');
  return executor
    .select({ count: sql<number>`count(*)::int` })
    .from(matching)
    .execute()
    .then(([row]) => row?.count ?? 0);
};

/** Organizations holding an active subscription at the tier (a staff filter). */
export const organizationsOfTier = (tier: unknown): SQL =>
  sql`${tickets.organizationId} in (select ${subscriptions.organizationId} from ${subscriptions}
    where ${subscriptions.tier} = ${tier} and ${subscriptions.status} = 'active')`;

export const copiedTo = (userId: unknown): SQL =>
  sql`${tickets.id} = any(array(select ${ticketCcs.ticketId} from ${ticketCcs} where ${ticketCcs.userId} = ${userId}))`;

/** Marks around each matching word in a highlight: control characters no text holds, escaped later. */
export const highlightStart = '\u0002';
export const highlightStop = '\u0003';
const headlineOptions = `StartSel=${highlightStart}, StopSel=${highlightStop}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * Full-text search over the tickets the scope sees: their subject and description, and their events'
 * bodies the scope may see (internal notes for staff only), ranked, each with a highlight of its best
 * matching text (up to two fragments of it: one text rather than three cut the statement's time from 6
 * to 2.7 ms at a million tickets).
 * The candidates come from `app_search_tickets` (migration 0013), which reaches the GIN indexes that
 * row-level security keeps from `@@`; the tickets are then read under row-level security with the
 * filters, and only the page's rows get highlights (ts_headline is the costly part).
 */
export const searchTickets = async (
  executor: ScopedExecutor,
  scope: TicketReader,
  filter: TicketListFilter & { q: string },
  page: { offset: number; limit: number },
) => {
  const query = queryOf(filter.q);
  // Without filters of its own, every candidate is on a page: the function stops after this one.
  const conditions = filter.conditions(inlineValue);
  const maxResults = conditions.length === 0 ? page.offset + page.limit : null;
  // A generic plan, as every scoped statement's (db/scope.ts): planning this one (every policy expanded
  // in its sub-queries) took 11 ms, more than running it, and its plan does not depend on the words
  // (the function's rows are estimated alike whatever they are).
  const ranked = await executor.execute<{ ticket_id: string; rank: number; highlights: string[] }>(sql`
    select page.ticket_id, page.rank, array(
      select ts_headline('english', match.body, ${query}, ${headlineOptions})
      from (
        select ${tickets.subject} || ' — ' || ${tickets.description} as body,
          ts_rank_cd(${tickets.searchDocument}, ${query}) as rank
        from ${tickets}
        where ${tickets.id} = page.ticket_id and ${tickets.searchDocument} @@ ${query}
        union all
        select ${ticketEvents.body}, ts_rank_cd(${ticketEvents.searchDocument}, ${query})
        from ${ticketEvents}
        where ${ticketEvents.ticketId} = page.ticket_id and ${ticketEvents.searchDocument} @@ ${query}
          and ${eventVisibleTo(scope)}
        order by rank desc
        limit 1
      ) as match
      order by match.rank desc
    ) as highlights
    from (
      select candidate.matched_ticket_id as ticket_id, candidate.match_rank::float8 as rank
      from app_search_tickets(${query}, ${maxResults}::integer) as candidate
      join ${tickets} on ${tickets.id} = candidate.matched_ticket_id
      where ${and(ticketVisibleTo(scope), ...conditions)}
      order by candidate.match_rank desc, candidate.matched_ticket_id
      offset ${page.offset} limit ${page.limit}
    ) as page
    order by page.rank desc, page.ticket_id`);
  if (ranked.rows.length === 0) return [];
  const ids = ranked.rows.map((row) => row.ticket_id);
  const summaries = await executor
    .select(summaryColumns)
    .from(tickets)
    .innerJoin(organizations, eq(organizations.id, tickets.organizationId))
    .leftJoin(requester, eq(requester.id, tickets.requesterUserId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeUserId))
    // One array parameter: one prepared statement whatever the page's length (an `in` list made one each).
    .where(and(sql`${tickets.id} = any(${sql.param(ids)}::uuid[])`, ticketVisibleTo(scope)));
  const byId = new Map(summaries.map((row) => [row.id, row]));
  return ranked.rows.flatMap((row) => {
    const summary = byId.get(row.ticket_id);
    return summary ? [{ ...summary, rank: row.rank, highlights: row.highlights }] : [];
  });
};

const actor = alias(users, 'actor');

export const listTicketEvents = (
  executor: ScopedExecutor,
  scope: Scope,
  ticketId: string,
  page: { afterId?: number; limit: number },
) => {
  const form = `ticket_events_${scope.ticketAudience === 'any' ? 'all' : 'public'}_${page.afterId === undefined ? 'first' : 'after'}`;
  return preparedIn(executor, form, (on) =>
    on
      .select({
        id: ticketEvents.id,
        ticketId: ticketEvents.ticketId,
        actorId: ticketEvents.actorUserId,
        actorName: staffNameOr(actor.name, ticketEvents.actorUserId),
        kind: ticketEvents.kind,
        visibility: ticketEvents.visibility,
        body: ticketEvents.body,
        data: ticketEvents.data,
        createdAt: ticketEvents.createdAt,
      })
      .from(ticketEvents)
      .leftJoin(actor, eq(actor.id, ticketEvents.actorUserId))
      .where(
        and(
          eq(ticketEvents.ticketId, sql.placeholder('ticketId')),
          eventVisibleTo(scope),
          ...(page.afterId === undefined ? [] : [gt(ticketEvents.id, sql.placeholder('afterId'))]),
        ),
      )
      .orderBy(asc(ticketEvents.id))
      .limit(sql.placeholder('limit'))
      .prepare(statementName(form)),
  ).execute({ ticketId, afterId: page.afterId ?? 0, limit: page.limit });
};
