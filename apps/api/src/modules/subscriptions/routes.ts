import { PageQuery, SubscriptionPage } from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/require-actor';
import { listOwnSubscriptions } from './service';

export const subscriptionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/subscriptions',
    {
      config: { access: { permission: 'subscription:read:org' } },
      schema: {
        tags: ['subscriptions'],
        summary: "The caller's organization's subscriptions: tier, servers, term and status",
        querystring: PageQuery,
        response: { 200: SubscriptionPage },
      },
    },
    async (request) => listOwnSubscriptions(app.db, requireActor(request), request.query),
  );
};
