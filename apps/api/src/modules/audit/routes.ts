import { auditEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { listAuditEntries } from './service';

export const auditRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, auditEndpoints.list, async (request) =>
    listAuditEntries(app.db, requireActor(request), request.query),
  );
};
