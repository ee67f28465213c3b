import type { TicketRatingValue } from '@portals/domain';
import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { organizations, ticketRatings, tickets, users } from '../../db/schema/index';
import type { AnyExecutor, PrivilegedExecutor, Scope, ScopedExecutor } from '../../db/scope';
import { ticketVisibleTo } from '../tickets/repository';

const ratingColumns = {
  ticketId: ticketRatings.ticketId,
  rating: ticketRatings.rating,
  comment: ticketRatings.comment,
  raterId: ticketRatings.raterUserId,
  raterName: sql<string>`(select rater.name from ${users} as rater where rater.id = ${ticketRatings.raterUserId})`,
  ratedAt: ticketRatings.ratedAt,
};

/**
 * Writes the ticket's one rating, replacing an earlier one, and reads it back with the rater's name.
 * Row-level security admits the write only for the ticket's requester (or staff).
 */
export const upsertTicketRating = async (
  executor: AnyExecutor,
  values: {
    ticketId: string;
    organizationId: string;
    raterUserId: string;
    rating: TicketRatingValue;
    comment: string | null;
  },
) => {
  await executor
    .insert(ticketRatings)
    .values(values)
    .onConflictDoUpdate({
      target: ticketRatings.ticketId,
      set: {
        rating: values.rating,
        comment: values.comment,
        raterUserId: values.raterUserId,
        ratedAt: sql`now()`,
      },
    });
  const [row] = await executor
    .select(ratingColumns)
    .from(ticketRatings)
    .where(eq(ticketRatings.ticketId, values.ticketId));
  if (!row) throw new Error('The rating was not written');
  return row;
};

/**
 * The ticket a rating link names, locked, on the privileged path (the link's holder has no session):
 * the query names the one ticket and its organization, both taken from the stored token.
 */
export const unsafeFindTicketForRatingLink = async (
  executor: PrivilegedExecutor,
  ticket: { id: string; organizationId: string },
) => {
  const [row] = await executor
    .select({
      id: tickets.id,
      number: tickets.number,
      organizationId: tickets.organizationId,
      requesterUserId: tickets.requesterUserId,
      status: tickets.status,
      requesterActive: sql<boolean>`(select u.active and u.removed_at is null from ${users} u
        where u.id = ${tickets.requesterUserId})`,
    })
    .from(tickets)
    .where(and(eq(tickets.id, ticket.id), eq(tickets.organizationId, ticket.organizationId)))
    .for('update');
  return row;
};

/** First days of months, as dates in UTC: the report's period [from, until). */
export interface RatingPeriod {
  from: string;
  until: string;
}

const inPeriod = (period: RatingPeriod): SQL | undefined =>
  and(
    gte(ticketRatings.ratedAt, sql`${period.from}::timestamptz`),
    lt(ticketRatings.ratedAt, sql`${period.until}::timestamptz`),
  );

/** Good and bad ratings per month of the period, in UTC, for staff (their tickets' audience in the query). */
export const countRatingsByMonth = (executor: ScopedExecutor, scope: Scope, period: RatingPeriod) => {
  const month = sql<string>`to_char(${ticketRatings.ratedAt} at time zone 'UTC', 'YYYY-MM')`;
  return executor
    .select({
      month,
      good: sql<number>`count(*) filter (where ${ticketRatings.rating} = 'good')::int`,
      bad: sql<number>`count(*) filter (where ${ticketRatings.rating} = 'bad')::int`,
    })
    .from(ticketRatings)
    .innerJoin(tickets, eq(tickets.id, ticketRatings.ticketId))
    .where(and(inPeriod(period), ticketVisibleTo(scope)))
    .groupBy(month)
    .orderBy(month)
    .execute();
};

/** The period's ratings with their tickets and organizations, latest first. */
export const listRatings = (executor: ScopedExecutor, scope: Scope, period: RatingPeriod, limit: number) =>
  executor
    .select({
      ...ratingColumns,
      ticketNumber: tickets.number,
      ticketSubject: tickets.subject,
      organizationId: tickets.organizationId,
      organizationName: organizations.name,
    })
    .from(ticketRatings)
    .innerJoin(tickets, eq(tickets.id, ticketRatings.ticketId))
    .innerJoin(organizations, eq(organizations.id, tickets.organizationId))
    .where(and(inPeriod(period), ticketVisibleTo(scope)))
    .orderBy(desc(ticketRatings.ratedAt), desc(ticketRatings.ticketId))
    .limit(limit)
    .execute();
