import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import { PageQuery } from '../schemas/pagination';
import {
  CannedReply,
  CannedReplyPage,
  CannedReplyParams,
  CannedReplyRequest,
  TicketAssignRequest,
  TicketBulkRequest,
  TicketBulkResult,
  TicketCcChangeRequest,
  TicketMergeRequest,
  TicketParams,
  TicketProductChangeRequest,
  TicketSeverityChangeRequest,
  TicketStatusChangeRequest,
} from '../schemas/ticket';

/** A change both sides make: a contact on a ticket they can see, staff on any. */
const changesTickets = { anyPermission: ['ticket:write:own', 'ticket:work:any'] } as const;
const worksTickets = { permission: 'ticket:work:any' } as const;
const noContent = { 204: z.null() } as const;

const afterChange = "The change is one event of the ticket's timeline; read it back from the events.";

export const ticketWorkflowEndpoints = {
  changeStatus: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/status',
    problems: ['invalid_transition'],
    params: TicketParams,
    body: TicketStatusChangeRequest,
    response: noContent,
    access: changesTickets,
    tags: ['tickets'],
    summary: "Move a ticket to another status, as the domain's transition table allows",
    description:
      'A contact may mark a ticket solved, and reopen a solved one within 14 days; staff move it ' +
      `between the working statuses. Any other move is refused with 409 invalid_transition. ${afterChange}`,
  }),
  changeSeverity: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/severity',
    params: TicketParams,
    body: TicketSeverityChangeRequest,
    response: noContent,
    access: changesTickets,
    tags: ['tickets'],
    summary: 'Raise or lower the severity, with a reason shown in the timeline',
  }),
  changeCcs: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/ccs',
    problems: ['invalid_reference'],
    params: TicketParams,
    body: TicketCcChangeRequest,
    response: noContent,
    access: changesTickets,
    tags: ['tickets'],
    summary: "Copy colleagues of the ticket's organization on it, or stop copying them",
  }),
  assign: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/assignee',
    problems: ['invalid_reference'],
    params: TicketParams,
    body: TicketAssignRequest,
    response: noContent,
    access: worksTickets,
    tags: ['tickets'],
    summary: 'Staff: assign the ticket to a member of staff who reads tickets, or unassign it (null)',
  }),
  changeProduct: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/product',
    problems: ['invalid_reference'],
    params: TicketParams,
    body: TicketProductChangeRequest,
    response: noContent,
    access: worksTickets,
    tags: ['tickets'],
    summary: "Staff: file the ticket under another product, component or version of the vendor's catalogue",
  }),
  merge: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/merge',
    problems: ['invalid_reference', 'invalid_transition'],
    params: TicketParams,
    body: TicketMergeRequest,
    response: noContent,
    access: worksTickets,
    tags: ['tickets'],
    summary: 'Staff: merge this duplicate into another ticket of the same organization',
    description:
      "The duplicate's conversation (its description, replies and notes) is copied onto the target's " +
      'timeline and its attachments move there; the duplicate is closed, pointing at the target, and ' +
      'both timelines get a `merged` event (its requester is told by email).',
  }),
  bulk: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/tickets/bulk',
    problems: ['invalid_transition'],
    body: TicketBulkRequest,
    response: { 200: TicketBulkResult },
    access: worksTickets,
    tags: ['tickets'],
    summary: 'Staff: change the status and/or the assignee of up to 100 tickets at once, all or nothing',
    description:
      'If any ticket cannot make the change (an illegal transition), nothing changes and the answer is ' +
      '409 invalid_transition listing each refused ticket in `errors`.',
  }),
};

export const cannedReplyEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/canned-replies',
    query: PageQuery,
    response: { 200: CannedReplyPage },
    access: worksTickets,
    tags: ['tickets'],
    summary: 'Staff: the replies the support team keeps at hand, by title',
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/canned-replies',
    idempotent: true,
    body: CannedReplyRequest,
    response: { 201: CannedReply },
    access: { permission: 'canned_reply:manage:any' },
    tags: ['tickets'],
    summary: 'Staff: add a canned reply',
  }),
  update: defineEndpoint({
    method: 'PUT',
    path: '/v1/staff/canned-replies/:cannedReplyId',
    params: CannedReplyParams,
    body: CannedReplyRequest,
    response: { 200: CannedReply },
    access: { permission: 'canned_reply:manage:any' },
    tags: ['tickets'],
    summary: 'Staff: rewrite a canned reply',
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/v1/staff/canned-replies/:cannedReplyId',
    params: CannedReplyParams,
    response: noContent,
    access: { permission: 'canned_reply:manage:any' },
    tags: ['tickets'],
    summary: 'Staff: delete a canned reply',
  }),
};
