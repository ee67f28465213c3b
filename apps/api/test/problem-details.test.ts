import { Problem } from '@portals/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index';

import { useTestApp } from './test-app';

describe('problem+json for every failure', () => {
  const context = useTestApp({ ready: false });

  beforeAll(async () => {
    context.app.get('/v1/test-failure', { config: { access: { public: true } } }, async () => {
      throw new Error('connection string postgres://secret@internal-host');
    });
    context.app.post('/v1/test-duplicate', { config: { access: { public: true } } }, async () => {
      const email = 'twice@example.test';
      await context.database.db.insert(users).values({ kind: 'staff', email, name: 'One' });
      await context.database.db.insert(users).values({ kind: 'staff', email, name: 'Two' });
      return { unreachable: true };
    });
    await context.app.ready();
  });

  it('answers a validation failure with 400 and the path of each bad field', async () => {
    const contact = await context.factories.contact({
      organizationId: await context.factories.organization(),
      roles: ['main'],
    });
    const response = await context.as(contact).get('/v1/subscriptions?limit=500&cursor=');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = Problem.parse(response.json());
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors?.map((error) => error.path).sort()).toEqual([
      'querystring.cursor',
      'querystring.limit',
    ]);
  });

  it('answers an unknown route with 404 naming the route', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/v1/no-such-thing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = Problem.parse(response.json());
    expect(problem.code).toBe('route_not_found');
    expect(problem.detail).toBe('There is no route GET /v1/no-such-thing');
  });

  it('answers an unexpected error with 500 and the request id, hiding the internals', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/v1/test-failure' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = Problem.parse(response.json());
    expect(problem.code).toBe('internal_error');
    expect(problem.requestId).toBe(response.headers['x-request-id']);
    expect(problem.detail).toContain(problem.requestId);
    expect(response.body).not.toContain('secret');
    expect(response.body).not.toContain('internal-host');
  });

  it('answers a unique-constraint race with 409, naming no internals', async () => {
    const response = await context.app.inject({ method: 'POST', url: '/v1/test-duplicate' });
    expect(response.statusCode).toBe(409);
    expect(Problem.parse(response.json()).code).toBe('conflict');
    expect(response.body).not.toContain('users_email_unique');
  });

  it('answers malformed JSON with 400 problem details', async () => {
    const response = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "someone@example.test", "password": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = Problem.parse(response.json());
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('bad_request');
  });

  it('answers a request without a token on a protected route with 401', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/v1/subscriptions' });
    expect(response.statusCode).toBe(401);
    expect(Problem.parse(response.json()).code).toBe('unauthenticated');
  });
});
