import { ApiTokenPage, CreateApiTokenRequest, CreatedApiToken, PageQuery } from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../lib/require-actor';
import { createApiToken, listOwnApiTokens, revokeApiToken } from './service';

/** The caller's own API tokens, for third parties' systems acting on their behalf. */
export const apiTokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/api-tokens',
    {
      config: { access: { signInSession: true } },
      schema: {
        tags: ['api-tokens'],
        summary: 'Your API tokens, newest first, revoked and expired ones included',
        querystring: PageQuery,
        response: { 200: ApiTokenPage },
      },
    },
    async (request) => listOwnApiTokens(app.db, requireActor(request), request.query),
  );

  app.post(
    '/me/api-tokens',
    {
      config: { access: { signInSession: true } },
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token carrying some of your permissions',
        description:
          'The secret is in this answer only: store it now. Needs a sign-in session: an API token ' +
          'cannot create API tokens. Send it as `Authorization: Bearer pat_…`.',
        body: CreateApiTokenRequest,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(
        app.db,
        { actor: requireActor(request), apiTokenScopes: request.apiTokenScopes },
        request.body,
        request.context,
      );
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete(
    '/me/api-tokens/:tokenId',
    {
      config: { access: { signInSession: true } },
      schema: {
        tags: ['api-tokens'],
        summary: 'Revoke one of your API tokens',
        params: z.object({ tokenId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeApiToken(app.db, requireActor(request), request.params.tokenId, request.context);
      return reply.status(204).send(null);
    },
  );
};
