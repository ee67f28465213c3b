import { Problem, Session } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, refreshTokens } from '../src/db/schema/index';
import { hashSecretToken } from '../src/lib/secret-tokens';
import { refreshReuseGraceMs } from '../src/modules/auth/sessions-service';
import { testPassword } from './fixtures';
import { testConfig, useTestApp } from './test-app';

const publicUrl = 'https://portals.example.com';
const refreshCookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((cookie) => cookie.name === 'portals_refresh')?.value;

describe('routes the refresh cookie authenticates', () => {
  const context = useTestApp({ config: testConfig({ PUBLIC_URL: publicUrl }) });
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'premium' });
  });

  const signedInCookie = async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const response = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: contact.email, password: testPassword },
    });
    const cookie = refreshCookieOf(response);
    if (!cookie) throw new Error('no refresh cookie');
    return { contact, cookie };
  };
  const post = (url: string, cookie: string | undefined, headers: Record<string, string> = {}) =>
    context.app.inject({ method: 'POST', url, headers, cookies: cookie ? { portals_refresh: cookie } : {} });

  describe('refuse requests from other sites', () => {
    const foreign: { name: string; headers: Record<string, string> }[] = [
      { name: 'a foreign Origin', headers: { origin: 'https://attacker.example' } },
      { name: 'an Origin on another port of our host', headers: { origin: `${publicUrl}:8443` } },
      { name: 'a cross-site fetch', headers: { 'sec-fetch-site': 'cross-site' } },
    ];
    for (const url of ['/v1/auth/refresh', '/v1/auth/sign-out']) {
      for (const { name, headers } of foreign) {
        it(`${url} refuses ${name}, and the session lives on`, async () => {
          const { cookie } = await signedInCookie();
          const refused = await post(url, cookie, headers);
          expect(refused.statusCode).toBe(403);
          expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(Problem.parse(refused.json()).code).toBe('forbidden');
          expect(refreshCookieOf(refused)).toBeUndefined();
          // Neither rotated nor revoked: the portal itself still refreshes with it.
          const own = await post('/v1/auth/refresh', cookie, {
            origin: publicUrl,
            'sec-fetch-site': 'same-origin',
          });
          expect(own.statusCode).toBe(200);
        });
      }
    }

    it('accepts the portal itself, and clients that send no Origin', async () => {
      const { cookie } = await signedInCookie();
      const fromPortal = await post('/v1/auth/refresh', cookie, {
        origin: publicUrl,
        'sec-fetch-site': 'same-origin',
      });
      expect(fromPortal.statusCode).toBe(200);
      expect((await post('/v1/auth/refresh', refreshCookieOf(fromPortal))).statusCode).toBe(200);
      expect((await post('/v1/auth/sign-out', undefined, { origin: publicUrl })).statusCode).toBe(204);
    });
  });

  describe('refresh-token reuse', () => {
    const rotatedAtOf = async (token: string) => {
      const [row] = await context.database.db
        .select({ rotatedAt: refreshTokens.rotatedAt })
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, hashSecretToken(token)));
      return row?.rotatedAt;
    };

    it('never extends the retry grace: a copy replayed inside it still revokes the family once it is over', async () => {
      const { contact, cookie: first } = await signedInCookie();
      const rotated = await post('/v1/auth/refresh', first);
      expect(rotated.statusCode).toBe(200);
      const firstRotation = await rotatedAtOf(first);
      expect(firstRotation).toBeInstanceOf(Date);

      // Replays inside the grace are answered as retries, and do not move the rotation time.
      const replayed = await post('/v1/auth/refresh', first);
      expect(replayed.statusCode).toBe(200);
      expect(await rotatedAtOf(first)).toEqual(firstRotation);

      // The first rotation falls out of the grace (as time passing would do); one more replay inside it
      // happened just before. The next replay is theft: refused, and every token of the family dies.
      await context.database.db
        .update(refreshTokens)
        .set({ rotatedAt: new Date(Date.now() - refreshReuseGraceMs - 1000) })
        .where(eq(refreshTokens.tokenHash, hashSecretToken(first)));
      const late = await post('/v1/auth/refresh', first);
      expect(late.statusCode).toBe(401);
      expect((await post('/v1/auth/refresh', refreshCookieOf(rotated))).statusCode).toBe(401);
      expect((await post('/v1/auth/refresh', refreshCookieOf(replayed))).statusCode).toBe(401);
      const reuses = await context.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'auth.refresh_token_reused'), eq(auditLog.actorUserId, contact.id)));
      expect(reuses).toHaveLength(1);
    });

    it('answers a retry inside the grace with a working session', async () => {
      const { cookie: first } = await signedInCookie();
      expect((await post('/v1/auth/refresh', first)).statusCode).toBe(200);
      const retried = await post('/v1/auth/refresh', first);
      expect(retried.statusCode).toBe(200);
      expect(Session.parse(retried.json()).accessToken).toBeTruthy();
    });
  });
});
