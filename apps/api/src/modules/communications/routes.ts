import { emailPreferenceEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { getOwnEmailPreferences, setOwnEmailPreference } from './service';

export const communicationRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, emailPreferenceEndpoints.get, async (request) =>
    getOwnEmailPreferences(app.db, requireActor(request)),
  );

  registerEndpoint(app, emailPreferenceEndpoints.set, async (request) =>
    setOwnEmailPreference(app.db, requireActor(request), request.body),
  );
};
