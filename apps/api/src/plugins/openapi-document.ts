import {
  type Endpoint,
  type ErrorCode,
  endpointGroups,
  errorStatusByCode,
  errorTitleByCode,
  Problem,
  problemType,
} from '@portals/domain';
import { z } from 'zod';
import { deprecationHeadersOf } from '../lib/deprecation';
import { exampleFromSchema, type JsonSchema } from '../lib/example-from-schema';
import { problemOf } from './errors';

/**
 * What the OpenAPI document adds to what @fastify/swagger makes of the routes, from each route's
 * endpoint definition (docs/decisions/041-openapi-and-generated-client.md):
 * - an `operationId` (`<group>.<name>` of the definition, as `endpointGroups` names it);
 * - the problem+json failures the operation can answer, each status with its problem `type`s;
 * - an example of the request body and of each success response (the definition's own, else one
 *   generated from the schema);
 * - `deprecated` and the deprecation headers for a definition that declares itself deprecated.
 */

type Json = Record<string, unknown>;

const operationIds = new Map<Endpoint, string>(
  Object.entries(endpointGroups).flatMap(([group, endpoints]) =>
    Object.entries(endpoints as Record<string, Endpoint>).map(([name, endpoint]) => [
      endpoint,
      `${group}.${name}`,
    ]),
  ),
);

/** `tickets.create` for a definition of the API's groups; a made-up endpoint (a test's) by method and path. */
export const operationIdOf = (endpoint: Endpoint): string =>
  operationIds.get(endpoint) ??
  `${endpoint.method.toLowerCase()}${endpoint.path.replaceAll(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '')}`;

/** `/v1/tickets/:ticketId` as OpenAPI writes it: `/v1/tickets/{ticketId}`. */
export const openapiPathOf = (path: string): string => path.replaceAll(/:([A-Za-z0-9_]+)/g, '{$1}');

const hasHeader = (endpoint: Endpoint, name: string): boolean => {
  const shape = (endpoint.headers as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && name in shape;
};

/**
 * The problems an operation can answer: what its access, parameters and body make possible (any
 * request can fail validation, an unknown id is 404, a signed-out caller 401…), what every operation
 * can meet (the database unavailable, an internal error) and what its definition adds.
 */
export const problemCodesOf = (endpoint: Endpoint): ErrorCode[] => {
  const codes = new Set<ErrorCode>();
  const takesInput = Boolean(endpoint.params || endpoint.query || endpoint.body || endpoint.headers);
  if (takesInput) codes.add('validation_failed');
  if (endpoint.body) {
    codes.add('bad_request');
    codes.add('payload_too_large');
    codes.add('unsupported_media_type');
  }
  if (!('public' in endpoint.access)) {
    codes.add('unauthenticated');
    codes.add('forbidden');
  }
  if (endpoint.params) codes.add('not_found');
  // Two requests racing past a service's own check meet a unique index: a 409 (plugins/errors.ts).
  if (endpoint.method !== 'GET' && endpoint.body) codes.add('conflict');
  if (hasHeader(endpoint, 'idempotency-key')) {
    codes.add('idempotency_key_reused');
    codes.add('idempotency_key_in_use');
  }
  for (const code of endpoint.problems ?? []) codes.add(code);
  // Every operation counts against a request limit (decision 040).
  codes.add('rate_limited');
  codes.add('internal_error');
  codes.add('service_unavailable');
  return [...codes];
};

const pascalCase = (code: string): string =>
  code
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** The example problem of `code`, as the API would answer it. */
const exampleProblem = (code: ErrorCode): Problem =>
  problemOf(code, errorTitleByCode[code], {
    requestId: '0c5a8f1e-3b7d-4e2a-9f6c-1d2e3f4a5b6c',
    instance: '/v1/example',
    ...(code === 'validation_failed' ? { errors: [{ path: 'body.subject', message: 'Required' }] } : {}),
  });

/** A shared response of the problems `codes` (one status): named by them, so operations refer to it. */
const problemResponse = (codes: ErrorCode[]): Json => ({
  description: codes
    .map((code) => `\`${problemType(code)}\` (\`${code}\`): ${errorTitleByCode[code]}.`)
    .join('\n\n'),
  content: {
    'application/problem+json': {
      schema: {
        allOf: [
          { $ref: '#/components/schemas/Problem' },
          {
            type: 'object',
            properties: {
              type: { type: 'string', enum: codes.map(problemType) },
              code: { type: 'string', enum: codes },
            },
          },
        ],
      },
      examples: Object.fromEntries(
        codes.map((code) => [code, { summary: errorTitleByCode[code], value: exampleProblem(code) }]),
      ),
    },
  },
});

const problemSchema = (): Json => {
  const { $schema: _schema, ...schema } = z.toJSONSchema(Problem) as Json;
  return { ...schema, description: 'RFC 9457 problem details: the body of every failure.' };
};

/** The parts of a deprecated operation's description and answers (docs/api-changelog.md). */
const markDeprecated = (operation: Json, endpoint: Endpoint): void => {
  const deprecation = endpoint.deprecated;
  if (!deprecation) return;
  operation.deprecated = true;
  const successor = deprecation.successor ? ` Use \`${deprecation.successor}\` instead.` : '';
  const note = `**Deprecated** since ${deprecation.since}; it stops answering on ${deprecation.sunset}.${successor}`;
  operation.description =
    typeof operation.description === 'string' ? `${note}\n\n${operation.description}` : note;
  const headers = deprecationHeadersOf(deprecation);
  const documentedHeaders: Json = {
    Deprecation: {
      description: 'RFC 9745: when the operation was deprecated.',
      schema: { type: 'string', example: headers.deprecation },
    },
    Sunset: {
      description: 'RFC 8594: when the operation stops answering.',
      schema: { type: 'string', example: headers.sunset },
    },
  };
  if (headers.link) {
    documentedHeaders.Link = {
      description:
        'The successor (`rel="successor-version"`) and the deprecation policy (`rel="deprecation"`).',
      schema: { type: 'string', example: headers.link },
    };
  }
  for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
    if (status.startsWith('2')) response.headers = { ...(response.headers as Json), ...documentedHeaders };
  }
};

const resolverOf =
  (document: Json) =>
  (reference: string): JsonSchema => {
    let target: unknown = document;
    for (const part of reference.replace(/^#\//, '').split('/')) {
      target = (target as Json | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    if (!target || typeof target !== 'object') throw new Error(`Unresolved reference ${reference}`);
    return target as JsonSchema;
  };

/**
 * zod writes `z.record(enum, value)` as `propertyNames` + `required`: valid, but the document's
 * readers (the linter, client generators) look for `properties`, so each key is named there too.
 */
const nameRecordKeys = (node: unknown): void => {
  if (Array.isArray(node)) {
    for (const item of node) nameRecordKeys(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  const keys = (schema.propertyNames as Json | undefined)?.enum;
  if (Array.isArray(keys) && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    schema.properties ??= Object.fromEntries(keys.map((key) => [String(key), schema.additionalProperties]));
  }
  for (const value of Object.values(schema)) nameRecordKeys(value);
};

const exampleOrThrow = (
  given: unknown,
  schema: JsonSchema | undefined,
  resolve: (reference: string) => JsonSchema,
  where: string,
): unknown => (given !== undefined ? given : exampleFromSchema(schema ?? {}, resolve, where));

/** The object at `key` of `parent`, made when missing. */
const objectAt = (parent: Json, key: string): Json => {
  parent[key] ??= {};
  return parent[key] as Json;
};

/** Adds to `document` (as @fastify/swagger made it) what the definitions of its operations say. */
export const completeDocument = (document: Json, endpointOf: (key: string) => Endpoint | undefined): Json => {
  nameRecordKeys(document.paths);
  const components = objectAt(document, 'components');
  objectAt(components, 'schemas').Problem = problemSchema();
  const responses = objectAt(components, 'responses');
  const resolve = resolverOf(document);

  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(item as Record<string, Json>)) {
      const where = `${method.toUpperCase()} ${path}`;
      const endpoint = endpointOf(where);
      if (endpoint) operation.operationId = operationIdOf(endpoint);

      const operationResponses = objectAt(operation, 'responses') as Record<string, Json>;
      for (const [index, status] of Object.keys(operationResponses).entries()) {
        const media = (operationResponses[status]?.content as Record<string, Json> | undefined)?.[
          'application/json'
        ];
        if (!media) continue;
        const given = index === 0 ? endpoint?.examples?.response : undefined;
        media.example = exampleOrThrow(given, media.schema as JsonSchema, resolve, `${where} ${status}`);
      }
      const body = (operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      const bodyMedia = body?.['application/json'];
      if (bodyMedia) {
        const given = endpoint?.examples?.request;
        bodyMedia.example = exampleOrThrow(
          typeof given === 'function' ? given() : given,
          bodyMedia.schema as JsonSchema,
          resolve,
          `${where} request body`,
        );
      }
      for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
        parameter.example ??= exampleFromSchema(
          (parameter.schema as JsonSchema | undefined) ?? {},
          resolve,
          `${where} ${String(parameter.in)} ${String(parameter.name)}`,
        );
      }
      // The probes (/health, /ready) are plain routes, not endpoints of the API: no problems to add.
      if (!endpoint) continue;

      const codesByStatus = new Map<number, ErrorCode[]>();
      for (const code of problemCodesOf(endpoint)) {
        const status = errorStatusByCode[code];
        codesByStatus.set(status, [...(codesByStatus.get(status) ?? []), code]);
      }
      for (const [status, codes] of [...codesByStatus].sort(([a], [b]) => a - b)) {
        const name = codes.map(pascalCase).join('Or');
        responses[name] ??= problemResponse(codes);
        operationResponses[String(status)] ??= { $ref: `#/components/responses/${name}` };
      }
      markDeprecated(operation, endpoint);
    }
  }
  return document;
};
