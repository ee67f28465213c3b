import type {
  Endpoint,
  EndpointBody,
  EndpointHeaders,
  EndpointParams,
  EndpointQuery,
  EndpointReply,
} from '@portals/domain';
import { successStatusesOf } from '@portals/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { SignedLinkVerifier } from '../plugins/access';
import { deprecationHeadersOf } from './deprecation';
import { idempotencyOf } from './idempotency';

export type EndpointRequest<E extends Endpoint> = FastifyRequest<{
  Params: EndpointParams<E>;
  Querystring: EndpointQuery<E>;
  Body: EndpointBody<E>;
  Headers: EndpointHeaders<E>;
}>;

/** Returns the success body; the reply is there for headers, cookies and a status among several. */
export type EndpointHandler<E extends Endpoint> = (
  request: EndpointRequest<E>,
  reply: FastifyReply,
) => Promise<EndpointReply<E>> | EndpointReply<E>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The definition the route was registered from (a test checks every /v1 route has one). */
    endpoint?: Endpoint;
  }
}

/** What a route adds to its definition: hooks of its own (a cookie route's origin check). */
export type EndpointRouteOptions = Pick<RouteShorthandOptions, 'onRequest' | 'preHandler'> & {
  /** A read's session check made with its first scoped transaction (plugins/access.ts). */
  deferredSessionCheck?: true;
  /** Takes a signed link's `?token=` in place of an access token (plugins/access.ts). */
  signedLink?: SignedLinkVerifier;
};

/**
 * Registers the route an endpoint definition describes: its schemas (validation, serialization and
 * the OpenAPI document), its access and its success status. The definition's path is the full path;
 * the scope's prefix (`/v1` for the modules) is taken off it, so the URL is the definition's.
 */
export const registerEndpoint = <E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  handler: EndpointHandler<E>,
  options: EndpointRouteOptions = {},
): void => {
  if (!endpoint.path.startsWith(app.prefix)) {
    throw new Error(`${endpoint.method} ${endpoint.path} is not under this scope's prefix ${app.prefix}`);
  }
  const statuses = successStatusesOf(endpoint);
  const onlyStatus = statuses.length === 1 ? statuses[0] : undefined;
  const { deferredSessionCheck, signedLink, ...hooks } = options;
  // An idempotent endpoint claims its Idempotency-Key after the route's own checks (decision 039).
  const idempotency = endpoint.idempotent ? idempotencyOf(app, endpoint, onlyStatus ?? 200) : undefined;
  const ownPreHandlers = hooks.preHandler === undefined ? [] : [hooks.preHandler].flat();
  const preHandler = idempotency ? [...ownPreHandlers, idempotency.preHandler] : hooks.preHandler;
  // Computed once, so a definition with a malformed date stops the app from starting.
  const deprecation = endpoint.deprecated ? deprecationHeadersOf(endpoint.deprecated) : undefined;
  app.route({
    ...hooks,
    ...(preHandler === undefined ? {} : { preHandler }),
    // Every answer of a deprecated endpoint says so, failures included (docs/api-changelog.md).
    ...(deprecation
      ? {
          onSend: async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
            reply.header('deprecation', deprecation.deprecation);
            reply.header('sunset', deprecation.sunset);
            reply.header('link', deprecation.link);
            return payload;
          },
        }
      : {}),
    method: endpoint.method,
    url: endpoint.path.slice(app.prefix.length),
    config: {
      access: endpoint.access,
      endpoint,
      ...(deferredSessionCheck ? { deferredSessionCheck } : {}),
      ...(signedLink ? { signedLink } : {}),
    },
    schema: {
      tags: [...endpoint.tags],
      summary: endpoint.summary,
      ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.query ? { querystring: endpoint.query } : {}),
      ...(endpoint.body ? { body: endpoint.body } : {}),
      ...(endpoint.headers ? { headers: endpoint.headers } : {}),
      response: endpoint.response,
    },
    handler: async (request, reply) => {
      // Failures set their own status on the way out.
      if (onlyStatus !== undefined) reply.status(onlyStatus);
      const run = async () => handler(request as EndpointRequest<E>, reply);
      return idempotency ? idempotency.around(request, reply, run) : run();
    },
  });
};
