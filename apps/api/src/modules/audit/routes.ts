import { AuditPage, AuditQuery } from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/require-actor';
import { listAuditEntries } from './service';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-log',
    {
      config: { access: { permission: 'audit:read:any' } },
      schema: {
        tags: ['audit'],
        summary: 'The audit log: sign-ins, failures, tokens, role and 2FA changes (staff admins)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => listAuditEntries(app.db, requireActor(request), request.query),
  );
};
