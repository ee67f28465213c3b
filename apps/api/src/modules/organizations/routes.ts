import { OwnOrganization, TicketSharingRequest } from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/require-actor';
import { changeTicketSharing, getOwnOrganization } from './service';

export const organizationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/organization',
    {
      config: { access: { permission: 'organization:read:org' } },
      schema: {
        tags: ['organizations'],
        summary: "The caller's own organization",
        response: { 200: OwnOrganization },
      },
    },
    async (request) => getOwnOrganization(app.db, requireActor(request)),
  );

  app.put(
    '/organization/ticket-sharing',
    {
      config: { access: { permission: 'ticket_sharing:manage:org' } },
      schema: {
        tags: ['organizations'],
        summary: 'Switch organization-wide ticket sharing (main contact)',
        description:
          'On: every technical contact of the organization sees all its tickets. Off: only their own.',
        body: TicketSharingRequest,
        response: { 200: OwnOrganization },
      },
    },
    async (request) =>
      changeTicketSharing(app.db, requireActor(request), request.body.enabled, {
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      }),
  );
};
