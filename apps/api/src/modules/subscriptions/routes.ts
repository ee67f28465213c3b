import { subscriptionEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { changeSubscription, listOwnSubscriptions, listSubscriptionsOfAnyOrganization } from './service';

export const subscriptionRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(
    app,
    subscriptionEndpoints.list,
    async (request) => listOwnSubscriptions(app.db, requireActor(request), request.query),
    { deferredSessionCheck: true },
  );

  registerEndpoint(
    app,
    subscriptionEndpoints.listOfOrganization,
    async (request) =>
      listSubscriptionsOfAnyOrganization(
        app.db,
        requireActor(request),
        request.params.organizationId,
        request.query,
      ),
    { deferredSessionCheck: true },
  );

  registerEndpoint(app, subscriptionEndpoints.change, async (request) =>
    changeSubscription(app.db, requireActor(request), request.params.subscriptionId, request.body, {
      ipAddress: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: request.id,
    }),
  );
};
