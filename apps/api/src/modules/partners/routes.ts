import { partnerEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { listOwnEndUsers } from './service';

export const partnerRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, partnerEndpoints.listEndUsers, async (request) =>
    listOwnEndUsers(app.db, requireActor(request), request.query),
  );
};
