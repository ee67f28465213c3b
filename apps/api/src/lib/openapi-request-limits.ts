import { idempotentReplayedHeader, Problem } from '@portals/domain';
import { z } from 'zod';

/**
 * Adds to the API document what every operation shares: the request limits' headers on each answer and
 * the 429 answer (decision 040), and the replay header on idempotent operations' successes (decision 039).
 * Applied to the finished document (`transformObject`), so no route has to say it.
 */

type Response = { headers?: Record<string, unknown> } & Record<string, unknown>;
type Operation = {
  parameters?: { in?: string; name?: string }[];
  responses?: Record<string, Response>;
};

const headerReference = (name: string) => ({ $ref: `#/components/headers/${name}` });

const rateLimitHeaders = {
  'RateLimit-Limit': {
    description: 'How many requests the tightest limit this request counts against allows a minute.',
    schema: { type: 'integer', minimum: 1 },
  },
  'RateLimit-Remaining': {
    description: 'How many requests that limit still allows in its current window.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until that window ends and the limit is whole again.',
    schema: { type: 'integer', minimum: 1 },
  },
};

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export const documentRequestLimits = <D extends object>(document: D): D => {
  const openapi = document as D & {
    components?: { headers?: Record<string, unknown>; schemas?: Record<string, unknown> };
    paths?: Record<string, Partial<Record<(typeof methods)[number], Operation>>>;
  };
  openapi.components = {
    ...openapi.components,
    headers: {
      ...openapi.components?.headers,
      ...rateLimitHeaders,
      'Retry-After': {
        description: 'Seconds to wait before the limit allows another request.',
        schema: { type: 'integer', minimum: 1 },
      },
      'Idempotent-Replayed': {
        description:
          '`true` on an answer replayed for a retry with the same Idempotency-Key: nothing was done again.',
        schema: { type: 'string', enum: ['true'] },
      },
    },
    schemas: {
      ...openapi.components?.schemas,
      Problem: openapi.components?.schemas?.Problem ?? z.toJSONSchema(Problem, { io: 'output' }),
    },
  };
  const sharedResponses = (openapi.components as { responses?: Record<string, Response> }).responses ?? {};
  const limitHeaders = Object.fromEntries(
    Object.keys(rateLimitHeaders).map((name) => [name, headerReference(name)]),
  );
  for (const [path, item] of Object.entries(openapi.paths ?? {})) {
    if (!path.startsWith('/v1')) continue;
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const idempotent = operation.parameters?.some(
        (parameter) => parameter.in === 'header' && parameter.name === 'idempotency-key',
      );
      const responses = operation.responses ?? {};
      for (const [status, response] of Object.entries(responses)) {
        // A shared problem answer (components.responses) carries the headers itself: a reference's
        // siblings are ignored.
        const ref = typeof response.$ref === 'string' ? response.$ref : undefined;
        const target = ref ? sharedResponses[ref.slice('#/components/responses/'.length)] : response;
        if (!target) continue;
        const replayable = idempotent && status.startsWith('2');
        target.headers = {
          ...target.headers,
          ...limitHeaders,
          ...(status === '429' ? { 'Retry-After': headerReference('Retry-After') } : {}),
          ...(replayable ? { [idempotentReplayedHeader]: headerReference('Idempotent-Replayed') } : {}),
        };
      }
      // Operations of a definition list rate_limited among their problems (openapi-document.ts), so their
      // 429 is the shared problem answer; a route without a definition (a test's own) gets one here.
      responses['429'] ??= {
        description:
          'Too many requests: a limit of the API token, the organization, the person or the address is used up.',
        headers: { ...limitHeaders, 'Retry-After': headerReference('Retry-After') },
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
      operation.responses = responses;
    }
  }
  return document;
};
