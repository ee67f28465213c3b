import { overviewEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { getContactOverview, getStaffOverview } from './service';

// Reads: the session is checked with the scoped batch's opening (decision 015), one round trip in all.
export const overviewRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(
    app,
    overviewEndpoints.contact,
    async (request) => getContactOverview(app.db, requireActor(request), app.clock()),
    { deferredSessionCheck: true },
  );
  registerEndpoint(
    app,
    overviewEndpoints.staff,
    async (request) => getStaffOverview(app.db, requireActor(request), app.clock()),
    { deferredSessionCheck: true },
  );
};
