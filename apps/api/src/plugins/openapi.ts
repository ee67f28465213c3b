import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { declarePublic } from './access';

/** OpenAPI 3.1 generated from the routes' zod schemas; each operation states its permission. */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Subscription portals API',
        version: '1',
        description:
          'One API for the Support Portal, the Subscriber Portal and third parties. ' +
          'Every failure is RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: (input) => {
      const transformed = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      const schema = transformed.schema as Record<string, unknown> | undefined;
      if (!schema) return transformed;
      if (access && 'permission' in access) {
        schema.security = [{ bearerAuth: [] }];
        schema['x-permission'] = access.permission;
      } else if (access && 'authenticated' in access) {
        schema.security = [{ bearerAuth: [] }];
        schema['x-permission'] = 'authenticated';
      } else {
        schema.security = [];
        schema['x-permission'] = 'public';
      }
      return transformed;
    },
  });

  await app.register(async (scope) => {
    declarePublic(scope);
    scope.get('/v1/openapi.json', { schema: { hide: true } }, async () => scope.swagger());
    await scope.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });
});
