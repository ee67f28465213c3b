import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Who asked, from where: what services record in the audit log and on sessions. */
export interface RequestContext {
  ipAddress: string;
  userAgent: string | undefined;
  requestId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's context for services, read from the request itself. */
    readonly context: RequestContext;
  }
}

/** Decorates every request with `request.context`, so no module copies the extraction. */
export const requestContextPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('context', {
    getter() {
      return { ipAddress: this.ip, userAgent: this.headers['user-agent'], requestId: this.id };
    },
  });
});
