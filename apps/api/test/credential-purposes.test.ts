import {
  Me,
  type Permission,
  Problem,
  Session,
  SignInResponse,
  TwoFactorEnabled,
  TwoFactorSetup,
} from '@portals/domain';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneTimeTokenPurpose } from '../src/db/schema/enums';
import { oneTimeTokens, tickets } from '../src/db/schema/index';
import { hashSecretToken, newSecretToken } from '../src/lib/secret-tokens';
import { decodeBase32, hotp, totpStep } from '../src/lib/totp';
import { downloadLinks } from '../src/modules/ticket-attachments/download-links';
import { type TestUser, testPassword } from './fixtures';
import { useTestApp } from './test-app';
import { createTicket } from './ticket-fixtures';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const codeAt = (secret: string, step: number) => hotp(decodeBase32(secret), step);
const refreshCookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((cookie) => cookie.name === 'portals_refresh');

interface OpenApiOperation {
  'x-permission'?: string;
  'x-api-tokens'?: boolean;
}

describe('credentials do only what they are for', () => {
  const context = useTestApp();
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'premium' });
  });

  /** A request without a credential, as before sign-in. */
  const post = (url: string, payload: object) => context.app.inject({ method: 'POST', url, payload });
  const newContact = (roles: ('main' | 'technical' | 'administrative')[] = ['technical']) =>
    context.factories.contact({ organizationId, roles, tier: 'premium' });
  const createToken = async (user: TestUser, scopes: Permission[]) =>
    (await context.factories.apiToken(user, { name: 'Integration', scopes })).token;
  /** Turns two-factor sign-in on for `user` with a sign-in session; answers the secret and recovery codes. */
  const enrol = async (user: TestUser) => {
    const setup = TwoFactorSetup.parse((await context.as(user).post('/v1/me/two-factor/setup')).json());
    const enabled = await context
      .as(user)
      .post('/v1/me/two-factor/enable', { code: codeAt(setup.secret, totpStep()) });
    expect(enabled.statusCode).toBe(200);
    return { secret: setup.secret, recoveryCodes: TwoFactorEnabled.parse(enabled.json()).recoveryCodes };
  };
  const challengeOf = async (email: string) => {
    const answer = SignInResponse.parse(
      (await post('/v1/auth/sign-in', { email, password: testPassword })).json(),
    );
    if (!('challengeToken' in answer)) throw new Error('expected a two-factor challenge');
    return answer.challengeToken;
  };

  describe('API tokens', () => {
    it('cannot turn a read-only token into a full sign-in session through two-factor set-up (the reported hole)', async () => {
      const contact = await newContact();
      const token = await createToken(contact, ['subscription:read:org']);
      const setup = await context.asToken(token).post('/v1/me/two-factor/setup');
      expect(setup.statusCode).toBe(403);
      expect(setup.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Problem.parse(setup.json()).detail).toMatch(/API tokens cannot be used for this: sign in/);

      // Even with a secret obtained another way, enabling with the token mints nothing.
      const sessionSetup = TwoFactorSetup.parse(
        (await context.as(contact).post('/v1/me/two-factor/setup')).json(),
      );
      const enabled = await context
        .asToken(token)
        .post('/v1/me/two-factor/enable', { code: codeAt(sessionSetup.secret, totpStep()) });
      expect(enabled.statusCode).toBe(403);
      expect(refreshCookieOf(enabled)).toBeUndefined();
      expect(enabled.json()).not.toHaveProperty('session');
    });

    it('refuses every sign-in-session-only route of the API document, even to a token holding every scope its owner has', async () => {
      const document = (await context.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
        paths: Record<string, Record<string, OpenApiOperation>>;
      };
      const sessionOnly = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(
            ([, operation]) => operation['x-api-tokens'] === false && operation['x-permission'] !== 'public',
          )
          .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
      );
      const routes = sessionOnly.map(({ method, path }) => `${method} ${path}`);
      // The ones the issue names, so an empty or shrunken list cannot pass unnoticed.
      expect(routes).toEqual(
        expect.arrayContaining([
          'POST /v1/me/two-factor/setup',
          'POST /v1/me/two-factor/enable',
          'POST /v1/me/two-factor/disable',
          'POST /v1/auth/sign-out-everywhere',
          'GET /v1/me/api-tokens',
          'POST /v1/me/api-tokens',
          'DELETE /v1/me/api-tokens/{tokenId}',
        ]),
      );

      const owner = await newContact(['main', 'technical']);
      const me = Me.parse((await context.as(owner).get('/v1/me')).json());
      // Every permission the owner holds that a token may carry (two-factor-only ones never can).
      const tried = await context
        .as(owner)
        .post('/v1/me/api-tokens', { name: 'probe', expiresAt: inDays(1), scopes: me.permissions });
      const refusedIndexes = new Set(
        (tried.statusCode === 201 ? [] : (Problem.parse(tried.json()).errors ?? [])).map((error) =>
          Number(error.path.split('.').at(-1)),
        ),
      );
      const grantable = me.permissions.filter((_, index) => !refusedIndexes.has(index));
      expect(grantable.length).toBeGreaterThan(3);
      const token = await createToken(owner, grantable);
      // The token works where it should.
      expect((await context.asToken(token).get('/v1/me')).statusCode).toBe(200);

      for (const { method, path } of sessionOnly) {
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const response = await context.asToken(token).inject({
          method: method as 'GET',
          url,
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        expect(response.statusCode, `${method} ${path}`).toBe(403);
        expect(response.headers['content-type'], `${method} ${path}`).toMatch(/^application\/problem\+json/);
        expect(Problem.parse(response.json()).detail, `${method} ${path}`).toMatch(
          /API tokens cannot be used/,
        );
      }
    });

    it('reaches a route without a permission only where the route takes API tokens on purpose', async () => {
      const contact = await newContact();
      const token = await createToken(contact, ['subscription:read:org']);
      const me = await context.asToken(token).get('/v1/me');
      expect(me.statusCode).toBe(200);
      expect(Me.parse(me.json()).id).toBe(contact.id);
      const document = (await context.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
        paths: Record<string, Record<string, OpenApiOperation>>;
      };
      expect(document.paths['/v1/me']?.get?.['x-api-tokens']).toBe(true);
      expect(document.paths['/v1/subscriptions']?.get?.['x-api-tokens']).toBe(true);
      expect(document.paths['/v1/me/two-factor/setup']?.post?.['x-api-tokens']).toBe(false);
    });
  });

  describe('download links', () => {
    const target = {
      ticketId: '00000000-0000-4000-8000-000000000001',
      attachmentId: '00000000-0000-4000-8000-000000000002',
    };
    const contentUrl = `/v1/tickets/${target.ticketId}/attachments/${target.attachmentId}/content`;
    const linkTokenOf = (user: TestUser) =>
      downloadLinks(context.app.config.jwtSecret).sign(user.claims, target).token;

    it("refuses a link's token as an access token, on every kind of route", async () => {
      const contact = await newContact();
      const token = linkTokenOf(contact);
      for (const url of ['/v1/me', contentUrl, `/v1/tickets/${target.ticketId}`]) {
        const response = await context.asToken(token).get(url);
        expect(response.statusCode, url).toBe(401);
        expect(Problem.parse(response.json()).code).toBe('unauthenticated');
      }
    });

    // Its shape is not even a one-time token's: refused before any look-up, with nothing issued.
    it("refuses a link's token at the one-time token endpoints, issuing nothing", async () => {
      const contact = await newContact();
      const token = linkTokenOf(contact);
      for (const [url, field] of [
        ['/v1/auth/set-password', 'token'],
        ['/v1/auth/sign-in/two-factor', 'challengeToken'],
      ] as const) {
        const extra = field === 'token' ? { password: 'a long enough new passphrase' } : { code: '123456' };
        const wrong = await post(url, { [field]: token, ...extra });
        expect(wrong.statusCode, url).toBe(400);
        expect(Problem.parse(wrong.json()).code).toBe('validation_failed');
        expect(refreshCookieOf(wrong)).toBeUndefined();
        expect(wrong.json()).not.toHaveProperty('accessToken');
      }
    });

    it('takes neither an access token, an API token nor a one-time token in place of a link', async () => {
      const contact = await newContact();
      const accessToken = context.app.jwt.sign(contact.claims);
      const apiToken = await createToken(contact, ['ticket:read:own']);
      for (const token of [accessToken, apiToken, newSecretToken()]) {
        const response = await context.app.inject({
          method: 'GET',
          url: `${contentUrl}?token=${encodeURIComponent(token)}`,
        });
        expect(response.statusCode).toBe(401);
        expect(Problem.parse(response.json()).code).toBe('unauthenticated');
      }
    });
  });

  describe('one-time tokens', () => {
    type Purpose = (typeof oneTimeTokenPurpose.enumValues)[number];
    /** Every endpoint that takes a one-time token, with the purposes it accepts and how to call it. */
    const endpoints = {
      'set-password': {
        accepts: ['invitation', 'password_reset'] as Purpose[],
        call: (token: string) =>
          post('/v1/auth/set-password', { token, password: 'a long enough new passphrase' }),
      },
      'sign-in/two-factor': {
        accepts: ['two_factor_challenge'] as Purpose[],
        call: (token: string, recoveryCode: string) =>
          post('/v1/auth/sign-in/two-factor', { challengeToken: token, recoveryCode }),
      },
      'ticket-ratings/by-link': {
        accepts: ['ticket_rating'] as Purpose[],
        call: (token: string) => post('/v1/ticket-ratings/by-link', { token, rating: 'good' }),
      },
    };

    it('lists every purpose the database knows at some endpoint', () => {
      const accepted = new Set(Object.values(endpoints).flatMap((endpoint) => endpoint.accepts));
      expect([...accepted].sort()).toEqual([...oneTimeTokenPurpose.enumValues].sort());
    });

    for (const [name, endpoint] of Object.entries(endpoints)) {
      for (const purpose of oneTimeTokenPurpose.enumValues) {
        if (endpoint.accepts.includes(purpose)) continue;
        it(`refuses a ${purpose} token at ${name} like an unknown one, and leaves it usable where it belongs`, async () => {
          const contact = await newContact();
          const { recoveryCodes } = await enrol(contact);
          const token = newSecretToken();
          // A rating link names its ticket: the contact's own, solved.
          const ratedTicket =
            purpose === 'ticket_rating'
              ? await createTicket(context.database, { organizationId, requesterUserId: contact.id })
              : undefined;
          if (ratedTicket) {
            await context.database.db
              .update(tickets)
              .set({ status: 'solved', solvedAt: new Date() })
              .where(eq(tickets.id, ratedTicket.id));
          }
          await context.database.db.insert(oneTimeTokens).values({
            userId: contact.id,
            organizationId,
            purpose,
            ticketId: ratedTicket?.id ?? null,
            tokenHash: hashSecretToken(token),
            expiresAt: new Date(Date.now() + 600_000),
          });
          const unknown = await endpoint.call(newSecretToken(), recoveryCodes[0] ?? '');
          const wrong = await endpoint.call(token, recoveryCodes[0] ?? '');
          expect(wrong.statusCode).toBe(unknown.statusCode);
          expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
          expect(Problem.parse(wrong.json()).code).toBe(Problem.parse(unknown.json()).code);
          expect(Problem.parse(wrong.json()).detail).toBe(Problem.parse(unknown.json()).detail);
          expect(refreshCookieOf(wrong)).toBeUndefined();
          const [row] = await context.database.db
            .select()
            .from(oneTimeTokens)
            .where(eq(oneTimeTokens.tokenHash, hashSecretToken(token)));
          expect(row?.usedAt).toBeNull();

          // Still good where it belongs.
          const home = Object.values(endpoints).find((other) => other.accepts.includes(purpose));
          const right = await home?.call(token, recoveryCodes[1] ?? '');
          expect(right?.statusCode).toBe(200);
        });
      }
    }

    it('does not let a two-factor challenge set a password and skip the code (the reported hole)', async () => {
      const contact = await newContact();
      const { secret } = await enrol(contact);
      const challengeToken = await challengeOf(contact.email);
      const misused = await post('/v1/auth/set-password', {
        token: challengeToken,
        password: 'attacker chosen pass',
      });
      expect(misused.statusCode).toBe(400);
      expect(refreshCookieOf(misused)).toBeUndefined();
      // The password is unchanged and the challenge still finishes the real sign-in.
      expect(
        (await post('/v1/auth/sign-in', { email: contact.email, password: 'attacker chosen pass' }))
          .statusCode,
      ).toBe(401);
      const finished = await post('/v1/auth/sign-in/two-factor', {
        challengeToken,
        code: codeAt(secret, totpStep() + 1),
      });
      expect(finished.statusCode).toBe(200);
    });

    it('sets the password from a reset link of a two-factor account, but asks for the code before any session', async () => {
      const contact = await newContact();
      const { secret } = await enrol(contact);
      const token = newSecretToken();
      await context.database.db.insert(oneTimeTokens).values({
        userId: contact.id,
        organizationId,
        purpose: 'password_reset',
        tokenHash: hashSecretToken(token),
        expiresAt: new Date(Date.now() + 600_000),
      });
      const answered = await post('/v1/auth/set-password', { token, password: 'a fresh reset passphrase' });
      expect(answered.statusCode).toBe(200);
      expect(refreshCookieOf(answered)).toBeUndefined();
      const challenge = SignInResponse.parse(answered.json());
      if (!('challengeToken' in challenge)) throw new Error('expected a two-factor challenge, got a session');
      expect(challenge).not.toHaveProperty('accessToken');

      // The new password is set: signing in with it asks for the code too.
      expect(
        (
          await post('/v1/auth/sign-in', { email: contact.email, password: 'a fresh reset passphrase' })
        ).json(),
      ).toHaveProperty('twoFactorRequired', true);
      const finished = await post('/v1/auth/sign-in/two-factor', {
        challengeToken: challenge.challengeToken,
        code: codeAt(secret, totpStep() + 1),
      });
      expect(finished.statusCode).toBe(200);
      expect(Session.parse(finished.json()).me.id).toBe(contact.id);
      expect(refreshCookieOf(finished)).toBeDefined();
    });
  });
});
