import { webhookEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  pingWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './service';

/** Webhook endpoints, their secrets and their delivery log (docs/webhooks.md, decision 038). */
export const webhookRoutes: FastifyPluginAsync = async (app) => {
  const deps = { db: app.db, config: app.config };

  registerEndpoint(app, webhookEndpoints.list, async (request) =>
    listWebhookEndpoints(app.db, requireActor(request)),
  );
  registerEndpoint(app, webhookEndpoints.create, async (request, reply) => {
    const created = await createWebhookEndpoint(deps, requireActor(request), request.body, request.context);
    reply.header('cache-control', 'no-store');
    return created;
  });
  registerEndpoint(app, webhookEndpoints.get, async (request) =>
    getWebhookEndpoint(app.db, requireActor(request), request.params.webhookId),
  );
  registerEndpoint(app, webhookEndpoints.update, async (request) =>
    updateWebhookEndpoint(
      deps,
      requireActor(request),
      request.params.webhookId,
      request.body,
      request.context,
    ),
  );
  registerEndpoint(app, webhookEndpoints.delete, async (request) => {
    await deleteWebhookEndpoint(app.db, requireActor(request), request.params.webhookId, request.context);
    return null;
  });
  registerEndpoint(app, webhookEndpoints.rotateSecret, async (request, reply) => {
    const rotated = await rotateWebhookSecret(
      deps,
      requireActor(request),
      request.params.webhookId,
      request.context,
    );
    reply.header('cache-control', 'no-store');
    return rotated;
  });
  registerEndpoint(app, webhookEndpoints.ping, async (request) =>
    pingWebhookEndpoint(app.db, requireActor(request), request.params.webhookId),
  );
  registerEndpoint(app, webhookEndpoints.listDeliveries, async (request) =>
    listWebhookDeliveries(app.db, requireActor(request), request.params.webhookId),
  );
  registerEndpoint(app, webhookEndpoints.redeliver, async (request) =>
    redeliverWebhook(app.db, requireActor(request), request.params.webhookId, request.params.deliveryId),
  );
};
