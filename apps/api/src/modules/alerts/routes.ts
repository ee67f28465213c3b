import { alertEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { dismissAlert, listAlerts, listStaffAlerts, publishAlert } from './service';

export const alertRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, alertEndpoints.list, async (request) => listAlerts(app.db, requireActor(request)), {
    deferredSessionCheck: true,
  });

  registerEndpoint(app, alertEndpoints.dismiss, async (request) => {
    await dismissAlert(app.db, requireActor(request), request.params.alertId);
    return null;
  });

  registerEndpoint(app, alertEndpoints.publish, async (request) =>
    publishAlert(
      app.db,
      { publicUrl: app.config.publicUrl },
      requireActor(request),
      request.body,
      request.idempotency,
    ),
  );

  registerEndpoint(app, alertEndpoints.listForStaff, async (request) =>
    listStaffAlerts(app.db, requireActor(request)),
  );
};
