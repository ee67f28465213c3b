import { PageQuery, PartnerEndUserPage } from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/require-actor';
import { listOwnEndUsers } from './service';

export const partnerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/partner/end-users',
    {
      config: { access: { permission: 'partner_end_users:read:org' } },
      schema: {
        tags: ['partners'],
        summary:
          "A partner's end users: each organization's name and subscriptions (main contact of a partner)",
        description:
          "Tier, servers, status and renewal date of each subscription; never the end users' contacts. A customer organization answers 403.",
        querystring: PageQuery,
        response: { 200: PartnerEndUserPage },
      },
    },
    async (request) => listOwnEndUsers(app.db, requireActor(request), request.query),
  );
};
