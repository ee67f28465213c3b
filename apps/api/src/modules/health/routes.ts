import { HealthResponse, ReadyResponse } from '@portals/domain';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Probes for load balancers and orchestrators: alive, and ready to serve (database reachable). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['operations'],
        operationId: 'operations.alive',
        summary: 'The process is alive',
        response: { 200: HealthResponse },
      },
      logLevel: 'warn',
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['operations'],
        operationId: 'operations.ready',
        summary: 'The API can serve requests: its database answers',
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
      logLevel: 'warn',
    },
    async (request, reply) => {
      try {
        await app.db.execute(sql`select 1`);
        return { status: 'ready' as const, checks: { database: 'up' as const } };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check: database unreachable');
        return reply.status(503).send({ status: 'not_ready', checks: { database: 'down' } });
      }
    },
  );
};
