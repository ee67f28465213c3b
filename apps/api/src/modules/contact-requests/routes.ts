import {
  ContactRequest,
  ContactRequestPage,
  CreateContactRequestRequest,
  DeclineContactRequestRequest,
  PageQuery,
  StaffContactRequestPage,
  StaffContactRequestQuery,
} from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../lib/require-actor';
import {
  approveContactRequest,
  createContactRequest,
  declineContactRequest,
  listContactRequestsForStaff,
  listOwnContactRequests,
} from './service';

const RequestParams = z.object({ requestId: z.uuid() });

/** The main contact's requests to staff: another technical contact, or a main contact handover. */
export const contactRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/contact-requests',
    {
      config: { access: { permission: 'contact_request:create:org' } },
      schema: {
        tags: ['contacts'],
        summary: 'Ask staff for an additional technical contact or a main contact handover',
        body: CreateContactRequestRequest,
        response: { 201: ContactRequest },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createContactRequest(app.db, requireActor(request), request.body, request.context)),
  );

  app.get(
    '/contact-requests',
    {
      config: { access: { permission: 'contact:read:org' } },
      schema: {
        tags: ['contacts'],
        summary: "Your organization's contact requests, newest first",
        querystring: PageQuery,
        response: { 200: ContactRequestPage },
      },
    },
    async (request) => listOwnContactRequests(app.db, requireActor(request), request.query),
  );

  app.get(
    '/staff/contact-requests',
    {
      config: { access: { permission: 'contact_request:read:any' } },
      schema: {
        tags: ['back office'],
        summary: "Contact requests across organizations, oldest first, with each tier's allowance",
        querystring: StaffContactRequestQuery,
        response: { 200: StaffContactRequestPage },
      },
    },
    async (request) => listContactRequestsForStaff(app.db, requireActor(request), request.query),
  );

  app.post(
    '/staff/contact-requests/:requestId/approve',
    {
      config: { access: { permission: 'contact_request:decide:any' } },
      schema: {
        tags: ['back office'],
        summary: 'Approve a pending contact request',
        description:
          'A technical contact is created and invited, even beyond the allowance; a handover moves ' +
          'the main role (the previous main contact keeps a technical role if they hold no other). ' +
          'A request already decided answers 409.',
        params: RequestParams,
        response: { 200: ContactRequest },
      },
    },
    async (request) =>
      approveContactRequest(
        { db: app.db, config: app.config },
        requireActor(request),
        request.params.requestId,
        request.context,
      ),
  );

  app.post(
    '/staff/contact-requests/:requestId/decline',
    {
      config: { access: { permission: 'contact_request:decide:any' } },
      schema: {
        tags: ['back office'],
        summary: 'Decline a pending contact request, with the reason the requester is told',
        params: RequestParams,
        body: DeclineContactRequestRequest,
        response: { 200: ContactRequest },
      },
    },
    async (request) =>
      declineContactRequest(
        app.db,
        requireActor(request),
        request.params.requestId,
        request.body.reason,
        request.context,
      ),
  );
};
