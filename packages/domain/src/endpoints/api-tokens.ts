import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import { ApiTokenPage, CreateApiTokenRequest, CreatedApiToken } from '../schemas/api-token';
import { PageQuery } from '../schemas/pagination';

/** The caller's own API tokens, for third parties' systems acting on their behalf. */
export const apiTokenEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/me/api-tokens',
    query: PageQuery,
    response: { 200: ApiTokenPage },
    access: { signInSession: true },
    tags: ['api-tokens'],
    summary: 'Your API tokens, newest first, revoked and expired ones included',
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/v1/me/api-tokens',
    body: CreateApiTokenRequest,
    response: { 201: CreatedApiToken },
    // Its expiry must lie ahead: three months from the moment the document is made.
    examples: {
      request: () => ({
        name: 'Nagios ticket bridge',
        expiresAt: new Date(Date.now() + 91 * 24 * 3600 * 1000).toISOString(),
        scopes: ['ticket:read:own', 'ticket:write:own'],
      }),
    },
    access: { signInSession: true },
    tags: ['api-tokens'],
    summary: 'Create an API token carrying some of your permissions',
    description:
      'The secret is in this answer only: store it now. Needs a sign-in session: an API token ' +
      'cannot create API tokens. Send it as `Authorization: Bearer pat_…`.',
  }),
  revoke: defineEndpoint({
    method: 'DELETE',
    path: '/v1/me/api-tokens/:tokenId',
    params: z.object({ tokenId: z.uuid() }),
    response: { 204: z.null() },
    access: { signInSession: true },
    tags: ['api-tokens'],
    summary: 'Revoke one of your API tokens',
  }),
};
