import { defineEndpoint } from '../endpoint';
import {
  ProductCatalogue,
  Ticket,
  TicketCounts,
  TicketCreateRequest,
  TicketEvent,
  TicketEventPage,
  TicketEventQuery,
  TicketFilters,
  TicketListQuery,
  TicketNoteRequest,
  TicketPage,
  TicketParams,
  TicketReplyRequest,
  TicketSearchPage,
  TicketSearchQuery,
} from '../schemas/ticket';

/** Reading tickets: a contact their own (or, as main contact, the organization's), staff any. */
const readsTickets = { anyPermission: ['ticket:read:own', 'ticket:read:org', 'ticket:read:any'] } as const;
/** Answering tickets: a contact on tickets they can read, staff on any. */
const answersTickets = { anyPermission: ['ticket:write:own', 'ticket:work:any'] } as const;

export const productEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/products',
    response: { 200: ProductCatalogue },
    access: { authenticated: true, apiTokens: true },
    tags: ['tickets'],
    summary: "The vendor's products, with their components and versions, to file a ticket against",
  }),
};

export const ticketEndpoints = {
  create: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets',
    idempotent: true,
    body: TicketCreateRequest,
    response: { 201: Ticket },
    access: { permission: 'ticket:write:own' },
    tags: ['tickets'],
    summary: 'Open a ticket, as its requester, copying colleagues of the same organization',
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/tickets',
    query: TicketListQuery,
    response: { 200: TicketPage },
    access: readsTickets,
    tags: ['tickets'],
    summary: 'Tickets the caller may see, by view, filters and sort, a page at a time',
    description:
      'Views: mine, copied, organization (contacts); all, unassigned, assigned_to_me, waiting_on_us, ' +
      'waiting_on_customer (staff). With `q`, full-text search over subject and description, by relevance.',
  }),
  counts: defineEndpoint({
    method: 'GET',
    path: '/v1/tickets/counts',
    query: TicketFilters,
    response: { 200: TicketCounts },
    access: readsTickets,
    tags: ['tickets'],
    summary:
      'How many tickets the caller may see are in each status, with the same view and filters as the list',
  }),
  search: defineEndpoint({
    method: 'GET',
    path: '/v1/tickets/search',
    query: TicketSearchQuery,
    response: { 200: TicketSearchPage },
    access: readsTickets,
    tags: ['tickets'],
    summary:
      'Full-text search over subjects, descriptions and replies the caller may see, ranked and highlighted',
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/v1/tickets/:ticketId',
    params: TicketParams,
    response: { 200: Ticket },
    access: readsTickets,
    tags: ['tickets'],
    summary: 'A ticket: requester, product, severity, status, assignee and CC list',
  }),
  events: defineEndpoint({
    method: 'GET',
    path: '/v1/tickets/:ticketId/events',
    params: TicketParams,
    query: TicketEventQuery,
    response: { 200: TicketEventPage },
    access: readsTickets,
    tags: ['tickets'],
    summary: "A ticket's timeline in order: replies, changes and (staff only) internal notes",
  }),
  reply: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/replies',
    params: TicketParams,
    idempotent: true,
    body: TicketReplyRequest,
    response: { 201: TicketEvent },
    access: answersTickets,
    tags: ['tickets'],
    summary: 'A public reply, seen by the requester, the CCs and staff',
    description: "A contact's reply to a ticket waiting on them reopens it.",
  }),
  addNote: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/notes',
    params: TicketParams,
    idempotent: true,
    body: TicketNoteRequest,
    response: { 201: TicketEvent },
    access: { permission: 'ticket:work:any' },
    tags: ['tickets'],
    summary: 'Staff: an internal note, never shown to a contact',
  }),
};
