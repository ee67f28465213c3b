import {
  type Actor,
  can,
  ratableTicketStatuses,
  type TicketRating,
  type TicketRatingByLinkRequest,
  type TicketRatingByLinkResult,
  type TicketRatingReport,
  type TicketRatingReportQuery,
  type TicketRatingRequest,
  type TicketStatus,
  ticketRatingLimits,
  ticketRatingReportMaxItems,
} from '@portals/domain';
import type { Config } from '../../config';
import {
  type AnyExecutor,
  type DatabaseAccess,
  type PrivilegedDatabase,
  readScoped,
  scopeOf,
  withScope,
} from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import type { RateLimit } from '../../lib/rate-limit';
import type { RequestContext } from '../../lib/request-context';
import { hashSecretToken, newSecretToken } from '../../lib/secret-tokens';
import {
  findUsableOneTimeTokenForUpdate,
  insertOneTimeToken,
  markOneTimeTokenUsed,
} from '../auth/repository';
import { consumeLimits } from '../auth/sessions-service';
import { portalUrl } from '../email/templates/layout';
import { findVisibleTicketForUpdate } from '../tickets/repository';
import {
  countRatingsByMonth,
  listRatings,
  type RatingPeriod,
  unsafeFindTicketForRatingLink,
  upsertTicketRating,
} from './repository';

type RatingRow = Awaited<ReturnType<typeof upsertTicketRating>>;

export const ratingOf = (
  row: Omit<RatingRow, 'ticketId' | 'ratedAt'> & { ratedAt: Date | string },
): TicketRating => ({
  rating: row.rating,
  comment: row.comment,
  ratedBy: { id: row.raterId, name: row.raterName },
  ratedAt: new Date(row.ratedAt).toISOString(),
});

/** A blank comment is no comment. */
const commentOf = (comment: string | null | undefined): string | null =>
  comment && comment.trim().length > 0 ? comment.trim() : null;

const isRatable = (status: TicketStatus) =>
  (ratableTicketStatuses as readonly TicketStatus[]).includes(status);

const notRatableYet = (ticket: { number: number }) =>
  new AppError('conflict', `Ticket #${ticket.number} can be rated once it is solved`);

/**
 * A single-use link that rates the ticket without signing in, for the "solved" email to its requester,
 * in the caller's transaction. Stored hashed like every one-time token, under its own purpose.
 */
export const createRatingLink = async (
  executor: AnyExecutor,
  publicUrl: string,
  ticket: { id: string; organizationId: string; requesterId: string },
): Promise<string> => {
  const token = newSecretToken();
  await insertOneTimeToken(executor, {
    userId: ticket.requesterId,
    organizationId: ticket.organizationId,
    purpose: 'ticket_rating',
    ticketId: ticket.id,
    tokenHash: hashSecretToken(token),
    expiresAt: new Date(Date.now() + ticketRatingLimits.linkLifetimeDays * 86_400_000),
  });
  return portalUrl(publicUrl, 'support', `rate?token=${token}`);
};

/** The requester rates their solved (or closed) ticket from the portal; rating again replaces it. */
export const rateTicket = (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  request: TicketRatingRequest,
): Promise<TicketRating> => {
  const scope = scopeOf(actor);
  return withScope(db, scope, async (tx) => {
    const ticket = await findVisibleTicketForUpdate(tx, scope, ticketId);
    if (!ticket) throw notFound('The ticket');
    if (
      !can(actor, 'ticket:write:own', {
        organizationId: ticket.organizationId,
        ownerUserId: ticket.requesterUserId,
      })
    ) {
      throw new AppError('forbidden', 'Only the person who requested this ticket can rate it');
    }
    if (!isRatable(ticket.status)) throw notRatableYet(ticket);
    const row = await upsertTicketRating(tx, {
      ticketId: ticket.id,
      organizationId: ticket.organizationId,
      raterUserId: actor.userId,
      rating: request.rating,
      comment: commentOf(request.comment),
    });
    return ratingOf(row);
  });
};

const rateByLinkLimit: RateLimit = { name: 'rate-by-link:ip', max: 30, windowSeconds: 900 };

const unusableLink = () =>
  new AppError(
    'bad_request',
    'This rating link has expired or was already used: you can still rate the ticket from its page in the Support Portal',
    [{ path: 'token', message: 'expired or already used' }],
  );

/**
 * Rates from the link of a "solved" email: finds the link by its hash and purpose (a link of another
 * purpose is never even read), then writes the rating and uses the link up, in one transaction.
 */
export const rateTicketByLink = async (
  deps: { db: PrivilegedDatabase; config: Config },
  request: TicketRatingByLinkRequest,
  context: RequestContext,
): Promise<TicketRatingByLinkResult> => {
  await consumeLimits(deps, [{ limit: rateByLinkLimit, subject: context.ipAddress }]);
  return deps.db.transaction(async (tx) => {
    const stored = await findUsableOneTimeTokenForUpdate(tx, hashSecretToken(request.token), [
      'ticket_rating',
    ]);
    if (!stored?.ticketId || !stored.organizationId) throw unusableLink();
    const ticket = await unsafeFindTicketForRatingLink(tx, {
      id: stored.ticketId,
      organizationId: stored.organizationId,
    });
    // The link is its requester's: a ticket handed to someone else, or a requester who left, ends it.
    if (!ticket || ticket.requesterUserId !== stored.userId || !ticket.requesterActive) throw unusableLink();
    // Reopened since the email: the link is kept for when it is solved again.
    if (!isRatable(ticket.status)) throw notRatableYet(ticket);
    await upsertTicketRating(tx, {
      ticketId: ticket.id,
      organizationId: ticket.organizationId,
      raterUserId: stored.userId,
      rating: request.rating,
      comment: commentOf(request.comment),
    });
    await markOneTimeTokenUsed(tx, stored.id);
    await recordAudit(tx, {
      action: 'ticket.rated_by_link',
      actorUserId: stored.userId,
      organizationId: ticket.organizationId,
      targetType: 'ticket',
      targetId: ticket.id,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return { ticketId: ticket.id, ticketNumber: ticket.number, rating: request.rating };
  });
};

const monthStart = (month: string) => `${month}-01`;
const monthOf = (date: Date) => date.toISOString().slice(0, 7);
const nextMonth = (month: string) => {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return monthOf(new Date(Date.UTC(year, number, 1)));
};

/** Staff: ratings of the months `from`..`to` (by default the last twelve), counted per month. */
export const getRatingReport = async (
  db: DatabaseAccess,
  actor: Actor,
  query: TicketRatingReportQuery,
  now: Date = new Date(),
): Promise<TicketRatingReport> => {
  const to = query.to ?? monthOf(now);
  const from =
    query.from ?? monthOf(new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 12, 1)));
  if (from > to) {
    throw new AppError(
      'validation_failed',
      'The period ends before it starts',
      [{ path: 'from', message: 'must not be after `to`' }],
      'querystring',
    );
  }
  const period: RatingPeriod = { from: monthStart(from), until: monthStart(nextMonth(to)) };
  const scope = scopeOf(actor);
  const [months, items] = await readScoped(db, scope, (tx) => [
    countRatingsByMonth(tx, scope, period),
    listRatings(tx, scope, period, ticketRatingReportMaxItems),
  ]);
  return {
    from,
    to,
    months,
    items: items.map((row) => ({
      ...ratingOf(row),
      ticketId: row.ticketId,
      ticketNumber: row.ticketNumber,
      ticketSubject: row.ticketSubject,
      organizationId: row.organizationId,
      organizationName: row.organizationName,
    })),
  };
};
