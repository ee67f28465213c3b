import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  defineEndpoint,
  type EndpointBody,
  type EndpointParams,
  type EndpointResult,
  type PathParamNames,
  pathOf,
} from './endpoint';
import { endpointGroups, type subscriptionEndpoints } from './endpoints';
import type { Subscription } from './schemas/subscription';

const thing = defineEndpoint({
  method: 'PUT',
  path: '/v1/things/:thingId/parts/:partId',
  params: z.object({ thingId: z.uuid(), partId: z.string() }),
  body: z.object({ name: z.string() }),
  response: { 200: z.object({ saved: z.boolean() }) },
  access: { permission: 'contact:manage:org' },
  tags: ['things'],
  summary: 'Save a part',
});

describe('defineEndpoint', () => {
  it('keeps the literal method, path and access, and the types of its schemas', () => {
    expectTypeOf(thing.method).toEqualTypeOf<'PUT'>();
    expectTypeOf(thing.path).toEqualTypeOf<'/v1/things/:thingId/parts/:partId'>();
    expectTypeOf(thing.access).toEqualTypeOf<{ readonly permission: 'contact:manage:org' }>();
    expectTypeOf<EndpointParams<typeof thing>>().toEqualTypeOf<{ thingId: string; partId: string }>();
    expectTypeOf<EndpointBody<typeof thing>>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<EndpointResult<typeof thing>>().toEqualTypeOf<{ saved: boolean }>();
    expectTypeOf<EndpointBody<typeof subscriptionEndpoints.list>>().toEqualTypeOf<undefined>();
    expectTypeOf<EndpointResult<typeof subscriptionEndpoints.change>>().toEqualTypeOf<Subscription>();
    expectTypeOf<PathParamNames<'/v1/a/:one/b/:two'>>().toEqualTypeOf<'one' | 'two'>();
  });

  it('refuses a path parameter its params schema does not give', () => {
    defineEndpoint({
      method: 'GET',
      path: '/v1/things/:thingId',
      // @ts-expect-error: `thingId` is in the path, not in the schema
      params: z.object({ otherId: z.string() }),
      response: { 200: z.null() },
      access: { public: true },
      tags: ['things'],
      summary: 'A thing',
    });
    // @ts-expect-error: the path has a parameter and no params schema names it
    defineEndpoint({
      method: 'GET',
      path: '/v1/things/:thingId',
      response: { 200: z.null() },
      access: { public: true },
      tags: ['things'],
      summary: 'A thing',
    });
  });

  it('builds the path from its parameters, each encoded, and refuses a missing one', () => {
    expect(pathOf(thing, { thingId: 'a/b?c', partId: 'd e' })).toBe('/v1/things/a%2Fb%3Fc/parts/d%20e');
    expect(() => pathOf(thing, { thingId: 'x' })).toThrow(/partId/);
  });
});

describe('every endpoint', () => {
  const endpoints = Object.values(endpointGroups).flatMap((group) => Object.values(group));

  it('is under /v1, names each path parameter in its params schema, and declares success statuses only', () => {
    expect(endpoints.length).toBeGreaterThan(0);
    for (const endpoint of endpoints) {
      expect(endpoint.path).toMatch(/^\/v1\//);
      const inPath = [...endpoint.path.matchAll(/:(\w+)/g)].map((match) => match[1]).sort();
      const inSchema =
        endpoint.params instanceof z.ZodObject ? Object.keys(endpoint.params.shape).sort() : [];
      expect(inSchema, `${endpoint.method} ${endpoint.path}`).toEqual(inPath);
      for (const status of Object.keys(endpoint.response).map(Number)) {
        expect(status >= 200 && status < 300, `${endpoint.path} ${status}`).toBe(true);
      }
    }
  });

  it('is declared once: no two share a method and path', () => {
    const routes = endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  // Creating POSTs that do not take an Idempotency-Key, and why. Anything else answering 201 must.
  const notIdempotent: Record<string, string> = {
    'POST /v1/me/api-tokens':
      'the answer holds the new secret, shown once: replaying it would keep it in plain text for a day',
    'POST /v1/webhooks':
      'the answer holds the endpoint’s signing secret, shown once: replaying it would keep it in plain text for a day',
    'POST /v1/webhooks/:webhookId/secret-rotations':
      'the answer holds the new signing secret, shown once: a retried rotation makes another, shown in its own answer',
    'POST /v1/uploads':
      'tus creation: a client resumes at the upload’s address (Location), the protocol’s own retry',
  };

  it('takes an Idempotency-Key on every POST that creates something (answers 201)', () => {
    const undeclared = endpoints
      .filter((endpoint) => endpoint.method === 'POST' && 201 in endpoint.response && !endpoint.idempotent)
      .map((endpoint) => `${endpoint.method} ${endpoint.path}`)
      .filter((route) => !(route in notIdempotent));
    expect(undeclared, 'declare `idempotent: true` on these (decision 039)').toEqual([]);
    for (const endpoint of endpoints.filter((candidate) => candidate.idempotent)) {
      expect(endpoint.method, endpoint.path).toBe('POST');
      expect(endpoint.headers, endpoint.path).toBeInstanceOf(z.ZodObject);
      expect(Object.keys((endpoint.headers as z.ZodObject).shape), endpoint.path).toEqual([
        'idempotency-key',
      ]);
    }
  });
});
