import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import {
  ContactRequest,
  ContactRequestCounts,
  ContactRequestPage,
  CreateContactRequestRequest,
  DeclineContactRequestRequest,
  StaffContactRequestPage,
  StaffContactRequestQuery,
} from '../schemas/contact';
import { PageQuery } from '../schemas/pagination';

const ContactRequestParams = z.object({ requestId: z.uuid() });

/** The main contact's requests to staff: another technical contact, or a main contact handover. */
export const contactRequestEndpoints = {
  create: defineEndpoint({
    method: 'POST',
    path: '/v1/contact-requests',
    idempotent: true,
    body: CreateContactRequestRequest,
    response: { 201: ContactRequest },
    access: { permission: 'contact_request:create:org' },
    tags: ['contacts'],
    summary: 'Ask staff for an additional technical contact or a main contact handover',
    description: 'The staff who decide (account managers and administrators) are told by email.',
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/contact-requests',
    query: PageQuery,
    response: { 200: ContactRequestPage },
    access: { permission: 'contact:read:org' },
    tags: ['contacts'],
    summary: "Your organization's contact requests, newest first",
  }),
  listForStaff: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/contact-requests',
    query: StaffContactRequestQuery,
    response: { 200: StaffContactRequestPage },
    access: { permission: 'contact_request:read:any' },
    tags: ['back office'],
    summary: "Contact requests across organizations, oldest first, with each tier's allowance",
  }),
  countForStaff: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/contact-requests/counts',
    response: { 200: ContactRequestCounts },
    access: { permission: 'contact_request:read:any' },
    tags: ['back office'],
    summary: 'How many contact requests wait for a decision',
  }),
  approve: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/contact-requests/:requestId/approve',
    params: ContactRequestParams,
    response: { 200: ContactRequest },
    access: { permission: 'contact_request:decide:any' },
    tags: ['back office'],
    summary: 'Approve a pending contact request',
    description:
      'A technical contact is created and invited, even beyond the allowance; a handover moves ' +
      'the main role (the previous main contact keeps a technical role if they hold no other). ' +
      'A request already decided answers 409.',
  }),
  decline: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/contact-requests/:requestId/decline',
    params: ContactRequestParams,
    body: DeclineContactRequestRequest,
    response: { 200: ContactRequest },
    access: { permission: 'contact_request:decide:any' },
    tags: ['back office'],
    summary: 'Decline a pending contact request, with the reason the requester is told',
  }),
};
