import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { testPassword } from './fixtures';
import { buildTestApp, testConfig, useTestApp } from './test-app';

/** The directives of a Content-Security-Policy header, by name. */
const directives = (response: LightMyRequestResponse): Record<string, string[]> => {
  const header = response.headers['content-security-policy'];
  expect(typeof header).toBe('string');
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
};

const expectStrictHeaders = (response: LightMyRequestResponse) => {
  const policy = directives(response);
  expect(policy['frame-ancestors']).toEqual(["'none'"]);
  expect(policy['script-src']).toEqual(["'self'"]);
  expect(policy['style-src']).toEqual(["'self'"]);
  expect(policy['object-src']).toEqual(["'none'"]);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
};

describe('security headers and caching of answers', () => {
  const context = useTestApp();

  it('sends a strict policy, nosniff and no referrer on API answers, failures included', async () => {
    expectStrictHeaders(await context.app.inject({ method: 'GET', url: '/health' }));
    expectStrictHeaders(await context.app.inject({ method: 'GET', url: '/v1/contacts' }));
    expectStrictHeaders(await context.app.inject({ method: 'GET', url: '/v1/no-such-route' }));
  });

  it('keeps every authenticated answer and every sign-in answer out of caches', async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    const main = await context.factories.contact({ organizationId, roles: ['main'], tier: 'premium' });
    const contacts = await context.as(main).get('/v1/contacts');
    expect(contacts.statusCode).toBe(200);
    expect(contacts.headers['cache-control']).toBe('no-store');
    const me = await context.as(main).get('/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const refused = await context.app.inject({ method: 'GET', url: '/v1/contacts' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    const wrongPassword = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: main.email, password: 'not the password at all' },
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.headers['cache-control']).toBe('no-store');
    const signedIn = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: main.email, password: testPassword },
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('no-store');
  });

  it('relaxes the style policy for the API docs only', async () => {
    const docs = await context.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    const policy = directives(docs);
    expect(policy['style-src']).toContain("'unsafe-inline'");
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expectStrictHeaders(await context.app.inject({ method: 'GET', url: '/v1/openapi.json' }));
  });

  it('pins https only in production', async () => {
    expect(
      (await context.app.inject({ method: 'GET', url: '/health' })).headers['strict-transport-security'],
    ).toBe(undefined);
    const production = await buildTestApp(
      context.database,
      testConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
        DATABASE_URL: context.database.url,
        TOTP_ENCRYPTION_KEYS: 'a-production-totp-key-of-at-least-32-characters',
        PUBLIC_URL: 'https://portals.example',
      }),
    );
    try {
      const response = await production.inject({ method: 'GET', url: '/health' });
      expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      expect(directives(response)).toHaveProperty('upgrade-insecure-requests');
    } finally {
      await production.close();
    }
  });
});
