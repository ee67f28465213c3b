import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { accessKindOf, declarePublic, documentedPermissionOf, takesApiTokens } from './access';

/**
 * OpenAPI 3.1 generated from the routes' zod schemas. Each operation states its access:
 * `x-access` (the kind), `x-permission` and `x-api-tokens` (whether an API token may call it).
 */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Subscription portals API',
        version: '1',
        description:
          'One API for the Support Portal, the Subscriber Portal and third parties. ' +
          'Every failure is RFC 9457 problem+json. Each operation states its access: `x-access` is ' +
          "`public`, `sign-in-session` (a person's own sign-in session only), `authenticated` (any " +
          'signed-in user, for their own things) or `permission` (named in `x-permission`); ' +
          '`x-api-tokens` says whether an API token (`pat_…`, within its scopes) may call it.',
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'The access token of a sign-in session.',
          },
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'pat_…',
            description: 'An API token, within its scopes, on operations marked `x-api-tokens: true`.',
          },
        },
      },
    },
    transform: (input) => {
      const transformed = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      // A route without any schema still gets an operation, which must state its access.
      const schema = (transformed.schema ?? {}) as Record<string, unknown>;
      transformed.schema = schema;
      // Undeclared routes stop the app from starting (see the access plugin); documenting a guess
      // here would hide that from the route registry test.
      if (!access) return transformed;
      const declared = access;
      const kind = accessKindOf(declared);
      const apiTokens = takesApiTokens(declared);
      schema['x-access'] = kind;
      schema['x-permission'] = documentedPermissionOf(declared);
      schema['x-api-tokens'] = apiTokens;
      schema.security =
        kind === 'public' ? [] : apiTokens ? [{ bearerAuth: [] }, { apiToken: [] }] : [{ bearerAuth: [] }];
      if (kind !== 'public') {
        const note = apiTokens
          ? 'Takes a sign-in session or an API token carrying the permission.'
          : 'Takes a sign-in session only: API tokens are refused.';
        const description = typeof schema.description === 'string' ? `${schema.description}\n\n` : '';
        schema.description = `${description}${note}`;
      }
      return transformed;
    },
  });

  await app.register(async (scope) => {
    declarePublic(scope);
    scope.get('/v1/openapi.json', { schema: { hide: true } }, async () => scope.swagger());
    await scope.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      // Swagger UI sets inline styles and data: images: its own policy, on its pages only.
      staticCSP:
        "default-src 'self'; base-uri 'self'; connect-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; " +
        "script-src-attr 'none'; style-src 'self' 'unsafe-inline'",
    });
  });
});
