import { defineEndpoint } from '@portals/domain';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerEndpoint } from '../src/lib/endpoint';
import { useTestApp } from './test-app';

const Thing = z.object({ id: z.string(), name: z.string() });

/** An old way of reading things, on its way out in favour of /v2/things. */
const legacyThings = defineEndpoint({
  method: 'POST',
  path: '/v1/legacy-things/search',
  body: z.object({ name: z.string().min(1) }),
  response: { 200: z.object({ items: z.array(Thing) }) },
  access: { public: true },
  tags: ['test'],
  summary: 'Search things the old way',
  deprecated: { since: '2026-12-01', sunset: '2027-06-30', successor: '/v2/things' },
});

const currentThings = defineEndpoint({
  method: 'GET',
  path: '/v1/current-things',
  response: { 200: z.object({ items: z.array(Thing) }) },
  access: { public: true },
  tags: ['test'],
  summary: 'Things',
});

interface DocumentedOperation {
  deprecated?: boolean;
  description?: string;
  responses: Record<string, { headers?: Record<string, unknown> }>;
}

describe('a deprecated endpoint', () => {
  const context = useTestApp({ ready: false });

  beforeAll(async () => {
    await context.app.register(
      async (v1) => {
        registerEndpoint(v1, legacyThings, async (request) => ({
          items: [{ id: 'thing-1', name: request.body.name }],
        }));
        registerEndpoint(v1, currentThings, async () => ({ items: [] }));
      },
      { prefix: '/v1' },
    );
    await context.app.ready();
  });

  it('says so on every answer: Deprecation (RFC 9745), Sunset (RFC 8594) and a Link to its successor', async () => {
    const answer = await context.app.inject({
      method: 'POST',
      url: '/v1/legacy-things/search',
      payload: { name: 'anvil' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ items: [{ id: 'thing-1', name: 'anvil' }] });
    expect(answer.headers.deprecation).toBe(`@${Date.UTC(2026, 11, 1) / 1000}`);
    expect(answer.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(answer.headers.link).toBe(
      '</v2/things>; rel="successor-version", ' +
        '</docs#description/changes-and-deprecation>; rel="deprecation"; type="text/html"',
    );

    // A failure tells the caller too: they may be reading only their errors.
    const refused = await context.app.inject({
      method: 'POST',
      url: '/v1/legacy-things/search',
      payload: { name: '' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers.deprecation).toBe(`@${Date.UTC(2026, 11, 1) / 1000}`);
    expect(refused.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');

    const current = await context.app.inject({ method: 'GET', url: '/v1/current-things' });
    expect(current.statusCode).toBe(200);
    expect(current.headers.deprecation).toBeUndefined();
    expect(current.headers.sunset).toBeUndefined();
  });

  it('is marked deprecated in the API document, with its sunset, its successor and the headers it sends', async () => {
    const document = (await context.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, DocumentedOperation>>;
    }>();
    const operation = document.paths['/v1/legacy-things/search']?.post;
    expect(operation?.deprecated).toBe(true);
    expect(operation?.description).toContain(
      '**Deprecated** since 2026-12-01; it stops answering on 2027-06-30. Use `/v2/things` instead.',
    );
    expect(Object.keys(operation?.responses['200']?.headers ?? {})).toEqual(
      expect.arrayContaining(['Deprecation', 'Sunset', 'Link']),
    );
    expect(document.paths['/v1/current-things']?.get?.deprecated).toBeUndefined();
  });

  it('cannot be registered with a sunset less than six months after its deprecation (the policy)', () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    const backwards = defineEndpoint({
      ...currentThings,
      deprecated: { since: '2026-12-01', sunset: '2027-05-31' },
    });
    expect(() => registerEndpoint(app, backwards, async () => ({ items: [] }))).toThrow(
      /sunset 2027-05-31 must be at least 6 months after the deprecation 2026-12-01/,
    );
  });
});
