import { changeRequestEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import {
  approveChangeRequest,
  createChangeRequest,
  declineChangeRequest,
  getOwnChangeRequest,
  listChangeRequestsForStaff,
  listOwnChangeRequests,
  registerEndUser,
  requestPartnerLevelUpgrade,
  startChangeRequestReview,
} from './service';

/** Change notifications: contacts notify, account managers and administrators decide (decision 035). */
export const changeRequestRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, changeRequestEndpoints.create, async (request) =>
    createChangeRequest(
      { db: app.db, config: app.config },
      requireActor(request),
      request.params.subscriptionId,
      request.body,
      request.context,
      request.idempotency,
    ),
  );

  registerEndpoint(app, changeRequestEndpoints.registerEndUser, async (request) =>
    registerEndUser(
      { db: app.db, config: app.config },
      requireActor(request),
      request.body,
      request.context,
      request.idempotency,
    ),
  );

  registerEndpoint(app, changeRequestEndpoints.requestPartnerLevelUpgrade, async (request) =>
    requestPartnerLevelUpgrade(
      { db: app.db, config: app.config },
      requireActor(request),
      request.body,
      request.context,
      request.idempotency,
    ),
  );

  registerEndpoint(app, changeRequestEndpoints.list, async (request) =>
    listOwnChangeRequests(app.db, requireActor(request), request.query),
  );

  registerEndpoint(app, changeRequestEndpoints.get, async (request) =>
    getOwnChangeRequest(app.db, requireActor(request), request.params.requestId),
  );

  registerEndpoint(app, changeRequestEndpoints.listForStaff, async (request) =>
    listChangeRequestsForStaff(app.db, requireActor(request), request.query),
  );

  registerEndpoint(app, changeRequestEndpoints.startReview, async (request) =>
    startChangeRequestReview(app.db, requireActor(request), request.params.requestId, request.context),
  );

  registerEndpoint(app, changeRequestEndpoints.approve, async (request) =>
    approveChangeRequest(
      { db: app.db, config: app.config, now: app.clock() },
      requireActor(request),
      request.params.requestId,
      request.context,
    ),
  );

  registerEndpoint(app, changeRequestEndpoints.decline, async (request) =>
    declineChangeRequest(
      { db: app.db, config: app.config },
      requireActor(request),
      request.params.requestId,
      request.body.reason,
      request.context,
    ),
  );
};
