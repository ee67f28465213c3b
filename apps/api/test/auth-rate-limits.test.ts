import { Problem } from '@portals/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { rateLimits } from '../src/db/schema/index';
import { purgeStaleRateLimits } from '../src/lib/rate-limit';
import { tokenCreationLimit } from '../src/modules/api-tokens/service';
import { signInLimits } from '../src/modules/auth/sessions-service';
import { testPassword } from './fixtures';
import { useTestApp } from './test-app';

describe('rate limits on sign-in and password reset', () => {
  const context = useTestApp();
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'basic' });
  });

  const signIn = (email: string, password: string, remoteAddress: string) =>
    context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email, password },
      remoteAddress,
    });

  it('stops a burst of wrong passwords with 429 and Retry-After, without locking the owner out elsewhere', async () => {
    const owner = await context.factories.contact({ organizationId, roles: ['main'] });
    const attacker = '203.0.113.7';
    const allowed = signInLimits.perAccountAndAddress.max;
    for (let attempt = 0; attempt < allowed; attempt += 1) {
      expect((await signIn(owner.email, 'guess', attacker)).statusCode).toBe(401);
    }
    const blocked = await signIn(owner.email, 'guess', attacker);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Problem.parse(blocked.json()).code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(signInLimits.perAccountAndAddress.windowSeconds);
    // Even the right password waits out the window from the attacking address…
    expect((await signIn(owner.email, testPassword, attacker)).statusCode).toBe(429);
    // …but the owner, from their own address, signs in at once.
    expect((await signIn(owner.email, testPassword, '198.51.100.20')).statusCode).toBe(200);
  });

  it('treats an unknown email exactly like a known one, revealing nothing', async () => {
    const known = await context.factories.contact({ organizationId, roles: ['technical'] });
    const answers = async (email: string, address: string) => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt <= signInLimits.perAccountAndAddress.max; attempt += 1) {
        statuses.push((await signIn(email, 'guess', address)).statusCode);
      }
      return statuses;
    };
    expect(await answers('nobody-here@example.test', '192.0.2.1')).toEqual(
      await answers(known.email, '192.0.2.2'),
    );
  });

  it('limits how many API tokens one person creates in an hour', async () => {
    const person = await context.factories.contact({
      organizationId: await context.factories.organization(),
      roles: ['main'],
    });
    const create = () =>
      context.as(person).post('/v1/me/api-tokens', {
        name: 'Script',
        scopes: ['subscription:read:org'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    for (let index = 0; index < tokenCreationLimit.max; index += 1)
      expect((await create()).statusCode).toBe(201);
    const refused = await create();
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('forgets windows that ended long ago, keeping current ones', async () => {
    await context.database.db.insert(rateLimits).values([
      { key: 'test:stale', windowStart: new Date(Date.now() - 2 * 86_400_000), hits: 3 },
      { key: 'test:current', windowStart: new Date(), hits: 1 },
    ]);
    expect(await purgeStaleRateLimits(context.database.db)).toBeGreaterThanOrEqual(1);
    const keys = (await context.database.db.select().from(rateLimits)).map((row) => row.key);
    expect(keys).toContain('test:current');
    expect(keys).not.toContain('test:stale');
  });

  it('limits password reset requests per address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const response = await context.app.inject({
        method: 'POST',
        url: '/v1/auth/password-reset',
        payload: { email: `someone-${attempt}@example.test` },
        remoteAddress: '192.0.2.50',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 10).every((status) => status === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
