import { orderFormEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { processOrderForm } from './service';

export const orderFormRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, orderFormEndpoints.process, async (request, reply) => {
    const { result, created } = await processOrderForm(
      { db: app.db, config: app.config },
      requireActor(request),
      request.body,
      { ipAddress: request.ip, userAgent: request.headers['user-agent'], requestId: request.id },
    );
    reply.status(created ? 201 : 200);
    return result;
  });
};
