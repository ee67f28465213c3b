import {
  OrganizationSubscriptionsParams,
  PageQuery,
  Subscription,
  SubscriptionChangeRequest,
  SubscriptionPage,
  SubscriptionParams,
} from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/require-actor';
import { changeSubscription, listOwnSubscriptions, listSubscriptionsOfAnyOrganization } from './service';

export const subscriptionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/subscriptions',
    {
      config: { access: { permission: 'subscription:read:org' } },
      schema: {
        tags: ['subscriptions'],
        summary:
          "The caller's organization's subscriptions: tier, servers, term, currency, renewal date and status",
        querystring: PageQuery,
        response: { 200: SubscriptionPage },
      },
    },
    async (request) => listOwnSubscriptions(app.db, requireActor(request), request.query),
  );

  app.get(
    '/staff/organizations/:organizationId/subscriptions',
    {
      config: { access: { permission: 'subscription:read:any' } },
      schema: {
        tags: ['subscriptions'],
        summary: "Staff: an organization's subscriptions",
        params: OrganizationSubscriptionsParams,
        querystring: PageQuery,
        response: { 200: SubscriptionPage },
      },
    },
    async (request) =>
      listSubscriptionsOfAnyOrganization(
        app.db,
        requireActor(request),
        request.params.organizationId,
        request.query,
      ),
  );

  app.patch(
    '/staff/subscriptions/:subscriptionId',
    {
      config: { access: { permission: 'subscription:manage:any' } },
      schema: {
        tags: ['subscriptions'],
        summary: "Staff: change a subscription's tier, servers, term end or status",
        description:
          'Audited with before and after; the main contact is notified by email. Contacts get the new tier in their next access token.',
        params: SubscriptionParams,
        body: SubscriptionChangeRequest,
        response: { 200: Subscription },
      },
    },
    async (request) =>
      changeSubscription(app.db, requireActor(request), request.params.subscriptionId, request.body, {
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      }),
  );
};
