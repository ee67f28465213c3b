import { contactRequestEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import {
  approveContactRequest,
  countContactRequestsForStaff,
  createContactRequest,
  declineContactRequest,
  listContactRequestsForStaff,
  listOwnContactRequests,
} from './service';

/** The main contact's requests to staff: another technical contact, or a main contact handover. */
export const contactRequestRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, contactRequestEndpoints.create, async (request) =>
    createContactRequest(
      { db: app.db, config: app.config },
      requireActor(request),
      request.body,
      request.context,
      request.idempotency,
    ),
  );

  registerEndpoint(app, contactRequestEndpoints.list, async (request) =>
    listOwnContactRequests(app.db, requireActor(request), request.query),
  );

  registerEndpoint(app, contactRequestEndpoints.listForStaff, async (request) =>
    listContactRequestsForStaff(app.db, requireActor(request), request.query),
  );

  registerEndpoint(app, contactRequestEndpoints.countForStaff, async (request) =>
    countContactRequestsForStaff(app.db, requireActor(request)),
  );

  registerEndpoint(app, contactRequestEndpoints.approve, async (request) =>
    approveContactRequest(
      { db: app.db, config: app.config },
      requireActor(request),
      request.params.requestId,
      request.context,
    ),
  );

  registerEndpoint(app, contactRequestEndpoints.decline, async (request) =>
    declineContactRequest(
      app.db,
      requireActor(request),
      request.params.requestId,
      request.body.reason,
      request.context,
    ),
  );
};
