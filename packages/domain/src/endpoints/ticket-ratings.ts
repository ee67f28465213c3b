import { defineEndpoint } from '../endpoint';
import { TicketParams } from '../schemas/ticket';
import {
  TicketRating,
  TicketRatingByLinkRequest,
  TicketRatingByLinkResult,
  TicketRatingReport,
  TicketRatingReportQuery,
  TicketRatingRequest,
} from '../schemas/ticket-rating';

export const ticketRatingEndpoints = {
  rate: defineEndpoint({
    method: 'PUT',
    path: '/v1/tickets/:ticketId/rating',
    params: TicketParams,
    body: TicketRatingRequest,
    response: { 200: TicketRating },
    access: { permission: 'ticket:write:own' },
    tags: ['tickets'],
    summary: "The requester rates a solved or closed ticket's help (good or bad, with a comment)",
    description:
      "One rating per ticket: rating again replaces it. Only the ticket's requester may rate it (403); " +
      'a ticket that is not solved or closed answers 409.',
  }),
  rateByLink: defineEndpoint({
    method: 'POST',
    path: '/v1/ticket-ratings/by-link',
    body: TicketRatingByLinkRequest,
    response: { 200: TicketRatingByLinkResult },
    access: { public: true },
    tags: ['tickets'],
    summary: 'Rate a ticket from the link of its "solved" email, without signing in',
    description:
      'The link works once and for 30 days; a used or expired link answers 400 and the ticket can ' +
      'still be rated from its page.',
  }),
  report: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/ticket-ratings',
    query: TicketRatingReportQuery,
    response: { 200: TicketRatingReport },
    access: { permission: 'ticket:read:any' },
    tags: ['staff'],
    summary: 'Staff: ticket ratings of a period, with good and bad counts per month',
  }),
};
