import { Problem } from '@portals/domain';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestUser } from './fixtures';
import { testConfig, useTestApp } from './test-app';

// Small limits, so that a test reaches them in a few requests; the windows' clock is the test's.
const limits = { token: 3, organization: 5, staff: 4, address: 6 };
const config = testConfig({
  RATE_LIMIT_TOKEN_PER_MINUTE: String(limits.token),
  RATE_LIMIT_ORGANIZATION_PER_MINUTE: String(limits.organization),
  RATE_LIMIT_STAFF_PER_MINUTE: String(limits.staff),
  RATE_LIMIT_ADDRESS_PER_MINUTE: String(limits.address),
});

describe('request limits per API token, organization, member of staff and address', () => {
  let now = Date.parse('2026-12-03T08:00:00Z');
  const context = useTestApp({ config, requestLimitClock: () => now });
  const minuteLater = () => {
    now += 60_000;
  };
  const people = {} as Record<'main' | 'sharing' | 'elsewhere' | 'staff' | 'otherStaff', TestUser>;
  const tokens = {} as Record<'alone' | 'sharedOne' | 'sharedTwo' | 'elsewhere', string>;

  beforeAll(async () => {
    const create = async (name: string) => {
      const organizationId = await context.factories.organization({ name });
      return context.factories.contact({ organizationId, roles: ['main'] });
    };
    people.main = await create('Alone Ltd');
    people.sharing = await create('Sharing Ltd');
    people.elsewhere = await create('Elsewhere Ltd');
    people.staff = await context.factories.staff({ roles: ['admin'] });
    people.otherStaff = await context.factories.staff({ roles: ['admin'] });
    const tokenOf = async (owner: TestUser) => {
      const created = (await context.factories.apiToken(owner, { scopes: ['subscription:read:org'] })).token;
      minuteLater();
      return created;
    };
    tokens.alone = await tokenOf(people.main);
    tokens.sharedOne = await tokenOf(people.sharing);
    tokens.sharedTwo = await tokenOf(people.sharing);
    tokens.elsewhere = await tokenOf(people.elsewhere);
  });

  // Each test starts in fresh windows.
  beforeEach(minuteLater);

  const limitHeadersOf = (response: LightMyRequestResponse) => ({
    limit: Number(response.headers['ratelimit-limit']),
    remaining: Number(response.headers['ratelimit-remaining']),
    reset: Number(response.headers['ratelimit-reset']),
  });
  const subscriptionsWith = (token: string) => context.asToken(token).get('/v1/subscriptions');
  const expectRefused = (response: LightMyRequestResponse, detail: string) => {
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(Problem.parse(response.json())).toMatchObject({
      code: 'rate_limited',
      detail: expect.stringContaining(detail),
    });
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limitHeadersOf(response).remaining).toBe(0);
  };

  it('puts the RateLimit headers on every answer: success, refusals, problems and unknown routes', async () => {
    const answers = {
      success: await context.as(people.main).get('/v1/subscriptions'),
      invalid: await context.as(people.main).get('/v1/tickets?cursor=bogus'),
      forbidden: await context.as(people.main).get('/v1/staff/alerts'),
      unauthenticated: await context.app.inject({ method: 'GET', url: '/v1/subscriptions' }),
      badToken: await context.asToken('pat_not-a-real-token').get('/v1/subscriptions'),
      unknownRoute: await context.app.inject({ method: 'GET', url: '/v1/no-such-thing' }),
      unknownElsewhere: await context.app.inject({ method: 'GET', url: '/no-such-page' }),
      public: await context.app.inject({ method: 'GET', url: '/v1/openapi.json' }),
    };
    expect(answers.success.statusCode).toBe(200);
    expect(answers.invalid.statusCode).toBe(400);
    expect(answers.forbidden.statusCode).toBe(403);
    expect(answers.unauthenticated.statusCode).toBe(401);
    expect(answers.badToken.statusCode).toBe(401);
    expect(answers.unknownRoute.statusCode).toBe(404);
    expect(answers.unknownElsewhere.statusCode).toBe(404);
    for (const [what, response] of Object.entries(answers)) {
      const headers = limitHeadersOf(response);
      expect(Number.isInteger(headers.limit) && headers.limit > 0, what).toBe(true);
      expect(Number.isInteger(headers.remaining) && headers.remaining >= 0, what).toBe(true);
      expect(headers.reset, what).toBeGreaterThanOrEqual(1);
      expect(headers.reset, what).toBeLessThanOrEqual(60);
    }
    // A signed-in contact counts against the organization; a caller without a credential, its address.
    expect(limitHeadersOf(answers.success)).toMatchObject({ limit: limits.organization, remaining: 4 });
    expect(limitHeadersOf(answers.forbidden)).toMatchObject({ limit: limits.organization, remaining: 2 });
    expect(limitHeadersOf(answers.unauthenticated).limit).toBe(limits.address);
    expect(limitHeadersOf(answers.unknownElsewhere).limit).toBe(limits.address);
  });

  it('refuses an API token past its limit with 429 problem+json and Retry-After, counting down before', async () => {
    const remaining: number[] = [];
    for (let request = 0; request < limits.token; request += 1) {
      const response = await subscriptionsWith(tokens.alone);
      expect(response.statusCode).toBe(200);
      expect(limitHeadersOf(response).limit).toBe(limits.token);
      remaining.push(limitHeadersOf(response).remaining);
    }
    expect(remaining).toEqual([2, 1, 0]);
    expectRefused(await subscriptionsWith(tokens.alone), 'this API token');
    // The organization's other credentials still have room: the portal session is not the token.
    expect((await context.as(people.main).get('/v1/subscriptions')).statusCode).toBe(200);
  });

  it("shares an organization's limit among its tokens and its portal sessions", async () => {
    for (let request = 0; request < limits.token; request += 1) {
      expect((await subscriptionsWith(tokens.sharedOne)).statusCode).toBe(200);
    }
    expect((await subscriptionsWith(tokens.sharedTwo)).statusCode).toBe(200);
    expect((await context.as(people.sharing).get('/v1/subscriptions')).statusCode).toBe(200);
    // Five of the organization's: the second token has used one of its three, yet is refused.
    expectRefused(await subscriptionsWith(tokens.sharedTwo), 'your organization');
    expectRefused(await context.as(people.sharing).get('/v1/subscriptions'), 'your organization');
    // Another organization's traffic is its own.
    const elsewhere = await subscriptionsWith(tokens.elsewhere);
    expect(elsewhere.statusCode).toBe(200);
    expect(limitHeadersOf(elsewhere)).toMatchObject({ limit: limits.token, remaining: 2 });
    expect((await context.as(people.elsewhere).get('/v1/subscriptions')).statusCode).toBe(200);
  });

  it('answers again once the window has ended', async () => {
    for (let request = 0; request < limits.token; request += 1) await subscriptionsWith(tokens.alone);
    const refused = await subscriptionsWith(tokens.alone);
    expectRefused(refused, 'this API token');
    now += (Number(refused.headers['retry-after']) - 1) * 1000;
    expect((await subscriptionsWith(tokens.alone)).statusCode).toBe(429);
    now += 1000;
    const again = await subscriptionsWith(tokens.alone);
    expect(again.statusCode).toBe(200);
    expect(limitHeadersOf(again)).toMatchObject({
      limit: limits.token,
      remaining: limits.token - 1,
      reset: 60,
    });
  });

  it('limits each member of staff on their own', async () => {
    for (let request = 0; request < limits.staff; request += 1) {
      expect((await context.as(people.staff).get('/v1/me')).statusCode).toBe(200);
    }
    expectRefused(await context.as(people.staff).get('/v1/me'), 'you may make 4');
    const colleague = await context.as(people.otherStaff).get('/v1/me');
    expect(colleague.statusCode).toBe(200);
    expect(limitHeadersOf(colleague)).toMatchObject({ limit: limits.staff, remaining: limits.staff - 1 });
  });

  it('limits requests without a credential per client address', async () => {
    const from = (remoteAddress: string) =>
      context.app.inject({ method: 'GET', url: '/v1/no-such-thing', remoteAddress });
    for (let request = 0; request < limits.address; request += 1) {
      expect((await from('192.0.2.10')).statusCode).toBe(404);
    }
    expectRefused(await from('192.0.2.10'), 'this address');
    expect((await from('192.0.2.11')).statusCode).toBe(404);
  });

  it('documents the headers on every answer and the 429 answer in the API document', async () => {
    const document = (await context.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      components: {
        headers: Record<string, unknown>;
        responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
      };
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<
              string,
              { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> }
            >;
          }
        >
      >;
    };
    expect(Object.keys(document.components.headers)).toEqual(
      expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']),
    );
    const create = document.paths['/v1/tickets']?.post;
    expect(Object.keys(create?.responses['201']?.headers ?? {})).toEqual(
      expect.arrayContaining([
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'idempotent-replayed',
      ]),
    );
    const list = document.paths['/v1/subscriptions']?.get;
    expect(Object.keys(list?.responses['200']?.headers ?? {})).not.toContain('idempotent-replayed');
    // The 429 is the problem answer every operation shares (components.responses), headers included.
    const tooMany = list?.responses['429']?.$ref?.replace('#/components/responses/', '') ?? '';
    expect(Object.keys(document.components.responses[tooMany]?.headers ?? {})).toEqual(
      expect.arrayContaining(['Retry-After', 'RateLimit-Limit']),
    );
    expect(Object.keys(document.components.responses[tooMany]?.content ?? {})).toEqual([
      'application/problem+json',
    ]);
  });
});
