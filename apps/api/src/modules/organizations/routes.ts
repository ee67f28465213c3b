import { organizationEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { changeTicketSharing, getOwnOrganization } from './service';

export const organizationRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, organizationEndpoints.getOwn, async (request) =>
    getOwnOrganization(app.db, requireActor(request)),
  );

  registerEndpoint(app, organizationEndpoints.changeTicketSharing, async (request) =>
    changeTicketSharing(app.db, requireActor(request), request.body.enabled, {
      ipAddress: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: request.id,
    }),
  );
};
