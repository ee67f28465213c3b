import { OrderFormRequest, OrderFormResult } from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/require-actor';
import { processOrderForm } from './service';

export const orderFormRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/order-forms',
    {
      config: { access: { permission: 'order_form:process:any' } },
      schema: {
        tags: ['back office'],
        summary: 'Process an Order Form: organization, subscription, main contact, welcome emails',
        description:
          'Idempotent on the Order Form number: the same form again answers 200 with what was created; ' +
          'another form under a processed number answers 409.',
        body: OrderFormRequest,
        response: { 200: OrderFormResult, 201: OrderFormResult },
      },
    },
    async (request, reply) => {
      const { result, created } = await processOrderForm(
        { db: app.db, config: app.config },
        requireActor(request),
        request.body,
        { ipAddress: request.ip, userAgent: request.headers['user-agent'], requestId: request.id },
      );
      return reply.status(created ? 201 : 200).send(result);
    },
  );
};
