import { z } from 'zod';

/** How a requester rates the help on a solved ticket; the list is written once, here. */
export const ticketRatingValues = ['good', 'bad'] as const;
export const TicketRatingValue = z.enum(ticketRatingValues);
export type TicketRatingValue = z.infer<typeof TicketRatingValue>;

export const ticketRatingLimits = {
  commentMaxLength: 2000,
  /** How long the rating link of a "solved" email works. */
  linkLifetimeDays: 30,
} as const;

/** The statuses in which a ticket can be rated: once it is solved, and after it closed. */
export const ratableTicketStatuses = ['solved', 'closed'] as const;

const RatingComment = z
  .string()
  .max(ticketRatingLimits.commentMaxLength)
  .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

/** A rating as the ticket shows it: to staff, and to its requester (nobody else: decision 019). */
export const TicketRating = z.object({
  rating: TicketRatingValue,
  comment: z.string().nullable(),
  ratedBy: z.object({ id: z.uuid(), name: z.string() }),
  ratedAt: z.iso.datetime({ offset: true }),
});
export type TicketRating = z.infer<typeof TicketRating>;

/** Rating from the portal; a blank comment counts as none. */
export const TicketRatingRequest = z.object({
  rating: TicketRatingValue,
  comment: RatingComment.nullable().optional(),
});
export type TicketRatingRequest = z.infer<typeof TicketRatingRequest>;

/** Rating from the link of the "solved" email: the link's token says who and which ticket. */
export const TicketRatingByLinkRequest = TicketRatingRequest.extend({
  token: z.string().min(1).max(200),
});
export type TicketRatingByLinkRequest = z.infer<typeof TicketRatingByLinkRequest>;

export const TicketRatingByLinkResult = z.object({
  ticketId: z.uuid(),
  ticketNumber: z.number().int(),
  rating: TicketRatingValue,
});
export type TicketRatingByLinkResult = z.infer<typeof TicketRatingByLinkResult>;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/** Staff: the ratings of the months `from` to `to` (both included; by default the last twelve). */
export const TicketRatingReportQuery = z.object({ from: month.optional(), to: month.optional() });
export type TicketRatingReportQuery = z.infer<typeof TicketRatingReportQuery>;

export const TicketRatingReportItem = TicketRating.extend({
  ticketId: z.uuid(),
  ticketNumber: z.number().int(),
  ticketSubject: z.string(),
  organizationId: z.uuid(),
  organizationName: z.string(),
});
export type TicketRatingReportItem = z.infer<typeof TicketRatingReportItem>;

/** The largest number of ratings one report lists (the counts always cover every rating). */
export const ticketRatingReportMaxItems = 500;

export const TicketRatingReport = z.object({
  from: month,
  to: month,
  /** Good and bad ratings per month (UTC), oldest first; months without a rating are left out. */
  months: z.array(z.object({ month, good: z.number().int(), bad: z.number().int() })),
  /** The period's ratings, latest first, up to `ticketRatingReportMaxItems`. */
  items: z.array(TicketRatingReportItem),
});
export type TicketRatingReport = z.infer<typeof TicketRatingReport>;
