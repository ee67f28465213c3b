import { apiTokenEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { createApiToken, listOwnApiTokens, revokeApiToken } from './service';

/** The caller's own API tokens, for third parties' systems acting on their behalf. */
export const apiTokenRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, apiTokenEndpoints.list, async (request) =>
    listOwnApiTokens(app.db, requireActor(request), request.query),
  );

  registerEndpoint(app, apiTokenEndpoints.create, async (request, reply) => {
    const created = await createApiToken(
      app.db,
      { actor: requireActor(request), apiTokenScopes: request.apiTokenScopes },
      request.body,
      request.context,
    );
    reply.header('cache-control', 'no-store');
    return created;
  });

  registerEndpoint(app, apiTokenEndpoints.revoke, async (request) => {
    await revokeApiToken(app.db, requireActor(request), request.params.tokenId, request.context);
    return null;
  });
};
