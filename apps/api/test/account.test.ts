import {
  PasswordLink,
  Problem,
  Profile,
  Session,
  SignInResponse,
  SignInSessionList,
  TwoFactorEnabled,
  TwoFactorSetup,
} from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, emailOutbox, oneTimeTokens, refreshTokens, users } from '../src/db/schema/index';
import { privileged } from '../src/db/scope';
import { hashSecretToken } from '../src/lib/secret-tokens';
import { decodeBase32, hotp, totpStep } from '../src/lib/totp';
import { createPasswordLink } from '../src/modules/auth/links-service';
import { createTwoFactorChallenge } from '../src/modules/auth/sessions-service';
import { type TestUser, testPassword } from './fixtures';
import { testConfig, useTestApp } from './test-app';

const config = testConfig();

const refreshCookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((cookie) => cookie.name === 'portals_refresh');

describe('looking at a set-your-password link before using it', () => {
  const context = useTestApp({ config });
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Umbrella Networks', tier: 'premium' });
  });

  const newLink = async (user: TestUser, purpose: 'invitation' | 'password_reset' = 'invitation') => {
    const link = await privileged(context.database.db).transaction((tx) =>
      createPasswordLink({ config }, tx, { id: user.id, organizationId }, purpose, 'subscriber'),
    );
    return new URL(link).searchParams.get('token') ?? '';
  };
  const inspect = (token: unknown) =>
    context.app.inject({ method: 'POST', url: '/v1/auth/set-password/inspect', payload: { token } });
  const setPassword = (token: string, password = 'a brand new passphrase') =>
    context.app.inject({ method: 'POST', url: '/v1/auth/set-password', payload: { token, password } });

  it('names the account of a usable link, and leaves the link usable', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['main'] });
    const token = await newLink(contact);

    const first = await inspect(token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const answer = PasswordLink.parse(first.json());
    expect(answer).toEqual({
      status: 'usable',
      purpose: 'invitation',
      email: contact.email,
      organizationName: 'Umbrella Networks',
      expiresAt: expect.any(String),
    });
    // Nothing more than the holder was told: no ids, roles or names of others.
    expect(Object.keys(first.json()).sort()).toEqual([
      'email',
      'expiresAt',
      'organizationName',
      'purpose',
      'status',
    ]);
    // Looking twice changes nothing; the link still sets the password once.
    expect(PasswordLink.parse((await inspect(token)).json()).status).toBe('usable');
    expect((await setPassword(token)).statusCode).toBe(200);
    expect(PasswordLink.parse((await inspect(token)).json())).toEqual({ status: 'used' });
  });

  it('says a link is used, expired or unknown, and nothing of whose it was', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const used = await newLink(contact, 'password_reset');
    await setPassword(used);
    const expired = await newLink(contact);
    await context.database.db
      .update(oneTimeTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oneTimeTokens.tokenHash, hashSecretToken(expired)));

    for (const [token, status] of [
      [used, 'used'],
      [expired, 'expired'],
      ['x'.repeat(43), 'invalid'],
    ] as const) {
      const response = await inspect(token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status });
      expect(response.body).not.toContain(contact.email);
    }
  });

  it('calls a deactivated account’s link invalid', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const token = await newLink(contact);
    await context.database.db.update(users).set({ active: false }).where(eq(users.id, contact.id));
    expect((await inspect(token)).json()).toEqual({ status: 'invalid' });
  });

  it('never reads a token of another purpose, and a link is refused wherever else it is presented', async () => {
    const contact = await context.factories.contact({
      organizationId: await context.factories.organization({ tier: 'basic' }),
      roles: ['main'],
    });
    const challenge = await privileged(context.database.db).transaction((tx) =>
      createTwoFactorChallenge(tx, { id: contact.id, organizationId }),
    );
    expect((await inspect(challenge)).json()).toEqual({ status: 'invalid' });

    const token = await newLink(contact);
    // As an access token, an API token, a two-factor challenge: refused, and the link not used up.
    const asBearer = await context.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asBearer.statusCode).toBe(401);
    const asChallenge = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in/two-factor',
      payload: { challengeToken: token, code: '123456' },
    });
    expect(asChallenge.statusCode).toBe(401);
    const asRefresh = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      cookies: { portals_refresh: token },
    });
    expect(asRefresh.statusCode).toBe(401);
    expect(PasswordLink.parse((await inspect(token)).json()).status).toBe('usable');
  });

  it('refuses malformed tokens with problem+json', async () => {
    for (const token of [undefined, 'short', 'a'.repeat(201), `${'a'.repeat(30)}\u0000`, 42]) {
      const response = await inspect(token);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Problem.parse(response.json()).errors?.[0]?.path).toBe('body.token');
    }
    const huge = await inspect('a'.repeat(2 * 1024 * 1024));
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('one’s own account: password, details and signed-in devices', () => {
  const context = useTestApp({ config });
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Acme Corp', tier: 'basic' });
  });

  /** A real sign-in from a browser: the session and its refresh cookie. */
  const signIn = async (user: TestUser, password = testPassword, userAgent = 'Mozilla/5.0 Firefox/140.0') => {
    const response = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: { 'user-agent': userAgent },
      payload: { email: user.email, password },
    });
    expect(response.statusCode).toBe(200);
    const session = Session.parse(SignInResponse.parse(response.json()));
    return { session, refreshToken: refreshCookieOf(response)?.value ?? '' };
  };
  const withSession = (session: Session) => ({
    get: (url: string) =>
      context.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${session.accessToken}` } }),
    send: (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      context.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${session.accessToken}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  });
  const refresh = (refreshToken: string) =>
    context.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      cookies: { portals_refresh: refreshToken },
    });

  it('lists the devices signed in, this one marked, and signs one out at once', async () => {
    const contact = await context.factories.contact({
      organizationId: await context.factories.organization({ tier: 'basic' }),
      roles: ['main'],
    });
    const laptop = await signIn(contact, testPassword, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
    const phone = await signIn(contact, testPassword, 'Mozilla/5.0 (iPhone) Safari/605.1');

    const listed = await withSession(laptop.session).get('/v1/me/sessions');
    expect(listed.statusCode).toBe(200);
    const { items } = SignInSessionList.parse(listed.json());
    expect(items).toHaveLength(2);
    const current = items.find((item) => item.current);
    const other = items.find((item) => !item.current);
    expect(current?.userAgent).toContain('Firefox');
    expect(other?.userAgent).toContain('iPhone');
    expect(items.filter((item) => item.current)).toHaveLength(1);

    // A refresh keeps the device one session, with a later "last used".
    const refreshed = await refresh(phone.refreshToken);
    expect(refreshed.statusCode).toBe(200);
    const phoneSession = Session.parse(refreshed.json());
    const phoneRefreshToken = refreshCookieOf(refreshed)?.value ?? '';
    const afterRefresh = SignInSessionList.parse(
      (await withSession(phoneSession).get('/v1/me/sessions')).json(),
    );
    expect(afterRefresh.items).toHaveLength(2);
    expect(afterRefresh.items.find((item) => item.current)?.id).toBe(other?.id);

    const ended = await withSession(laptop.session).send('DELETE', `/v1/me/sessions/${other?.id}`);
    expect(ended.statusCode).toBe(204);
    // The phone is out at once: its access token refused, its refresh token too.
    expect((await withSession(phoneSession).get('/v1/me')).statusCode).toBe(401);
    expect((await refresh(phoneRefreshToken)).statusCode).toBe(401);
    // The laptop renews its access token with its refresh cookie and goes on.
    const renewed = await refresh(laptop.refreshToken);
    expect(renewed.statusCode).toBe(200);
    const remaining = SignInSessionList.parse(
      (await withSession(Session.parse(renewed.json())).get('/v1/me/sessions')).json(),
    );
    expect(remaining.items.map((item) => item.id)).toEqual([current?.id]);
    const [audit] = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.session_ended'), eq(auditLog.actorUserId, contact.id)));
    expect(audit?.details).toEqual({ sessionId: other?.id });
  });

  it('keeps one device one session when it turns two-factor sign-in on', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const { session, refreshToken } = await signIn(contact);
    const setup = TwoFactorSetup.parse(
      (await withSession(session).send('POST', '/v1/me/two-factor/setup')).json(),
    );
    const enabled = await withSession(session).send('POST', '/v1/me/two-factor/enable', {
      code: hotp(decodeBase32(setup.secret), totpStep()),
    });
    expect(enabled.statusCode).toBe(200);
    const verified = TwoFactorEnabled.parse(enabled.json()).session;
    const listed = SignInSessionList.parse((await withSession(verified).get('/v1/me/sessions')).json());
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.current).toBe(true);
    // The cookie it replaced is spent: presented again (past the retry grace), it ends the session.
    await context.database.db
      .update(refreshTokens)
      .set({ rotatedAt: new Date(Date.now() - 60_000) })
      .where(eq(refreshTokens.tokenHash, hashSecretToken(refreshToken)));
    expect((await refresh(refreshToken)).statusCode).toBe(401);
    expect((await refresh(refreshCookieOf(enabled)?.value ?? '')).statusCode).toBe(401);
  });

  it('cannot sign out another person’s session, and says so as for one that does not exist', async () => {
    const ownOrganization = await context.factories.organization({ tier: 'basic' });
    const owner = await context.factories.contact({ organizationId: ownOrganization, roles: ['main'] });
    const colleague = await context.factories.contact({
      organizationId: ownOrganization,
      roles: ['technical'],
    });
    const ownerSignIn = await signIn(owner);
    const colleagueSignIn = await signIn(colleague);
    const [ownerSession] = SignInSessionList.parse(
      (await withSession(ownerSignIn.session).get('/v1/me/sessions')).json(),
    ).items;

    const attempt = await withSession(colleagueSignIn.session).send(
      'DELETE',
      `/v1/me/sessions/${ownerSession?.id}`,
    );
    expect(attempt.statusCode).toBe(404);
    expect(attempt.headers['content-type']).toMatch(/^application\/problem\+json/);
    const unknown = await withSession(colleagueSignIn.session).send(
      'DELETE',
      '/v1/me/sessions/00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe(attempt.json().detail);
    // The owner is still signed in.
    expect((await withSession(ownerSignIn.session).get('/v1/me')).statusCode).toBe(200);
    expect((await refresh(ownerSignIn.refreshToken)).statusCode).toBe(200);

    for (const badId of ['not-a-uuid', '%00', `${ownerSession?.id}%00`]) {
      const response = await withSession(colleagueSignIn.session).send('DELETE', `/v1/me/sessions/${badId}`);
      expect(response.statusCode, badId).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('changes the password with the current one, ending every other session', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const here = await signIn(contact);
    const elsewhere = await signIn(contact);

    const wrong = await withSession(here.session).send('POST', '/v1/me/password', {
      currentPassword: 'not the password',
      newPassword: 'an entirely new passphrase',
    });
    expect(wrong.statusCode).toBe(400);
    expect(Problem.parse(wrong.json()).errors?.[0]?.path).toBe('body.currentPassword');
    const tooShort = await withSession(here.session).send('POST', '/v1/me/password', {
      currentPassword: testPassword,
      newPassword: 'short',
    });
    expect(tooShort.statusCode).toBe(400);
    expect(Problem.parse(tooShort.json()).errors?.[0]?.path).toBe('body.newPassword');

    const changed = await withSession(here.session).send('POST', '/v1/me/password', {
      currentPassword: testPassword,
      newPassword: 'an entirely new passphrase',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers['cache-control']).toBe('no-store');
    const newSession = Session.parse(changed.json());
    const newRefreshToken = refreshCookieOf(changed)?.value;
    expect(newRefreshToken).toBeDefined();

    // Every earlier session has ended; the answer's session goes on.
    expect((await withSession(here.session).get('/v1/me')).statusCode).toBe(401);
    expect((await withSession(elsewhere.session).get('/v1/me')).statusCode).toBe(401);
    expect((await refresh(elsewhere.refreshToken)).statusCode).toBe(401);
    expect((await refresh(here.refreshToken)).statusCode).toBe(401);
    expect((await withSession(newSession).get('/v1/me')).statusCode).toBe(200);
    const listed = SignInSessionList.parse((await withSession(newSession).get('/v1/me/sessions')).json());
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.current).toBe(true);

    // The old password no longer signs in; the new one does. No password reaches the audit log.
    const old = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: contact.email, password: testPassword },
    });
    expect(old.statusCode).toBe(401);
    await signIn(contact, 'an entirely new passphrase');
    const audits = await context.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.actorUserId, contact.id));
    expect(audits.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['auth.password_change_failed', 'auth.password_changed']),
    );
    expect(JSON.stringify(audits)).not.toContain('passphrase');
    expect(JSON.stringify(audits)).not.toContain(testPassword);
    const [row] = await context.database.db.select().from(users).where(eq(users.id, contact.id));
    expect(row?.passwordHash).toMatch(/^\$argon2/);
    // The change is confirmed to the account's address, with the way back for an owner who did not make it.
    const confirmations = await context.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.kind, 'password_changed'), eq(emailOutbox.organizationId, organizationId)));
    const confirmation = confirmations.find((mail) => mail.toAddresses.includes(contact.email));
    expect(confirmation?.subject).toBe('Your password was changed');
    expect(confirmation?.textBody).toMatch(/\/support\/forgot-password/);
    expect(`${confirmation?.textBody}${confirmation?.htmlBody}`).not.toContain('passphrase');
  });

  it('stops guessing the current password after ten tries, even with the right one', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const { session } = await signIn(contact);
    const attempt = (currentPassword: string) =>
      withSession(session).send('POST', '/v1/me/password', {
        currentPassword,
        newPassword: 'a passphrase of the thief',
      });
    for (let index = 0; index < 10; index += 1) {
      expect((await attempt(`guess number ${index}`)).statusCode).toBe(400);
    }
    const right = await attempt(testPassword);
    expect(right.statusCode).toBe(429);
    expect(right.headers['retry-after']).toBeDefined();
    expect(right.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The password did not change.
    await signIn(contact);
  });

  it('edits one’s own name and phone, and nothing else', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const { session } = await signIn(contact);
    const before = Profile.parse((await withSession(session).get('/v1/me/profile')).json());
    expect(before).toEqual({
      name: expect.any(String),
      email: contact.email,
      phone: null,
      organizationName: 'Acme Corp',
    });

    const updated = await withSession(session).send('PATCH', '/v1/me/profile', {
      name: '  Tara Tech ',
      phone: '+34 600 111 222',
    });
    expect(updated.statusCode).toBe(200);
    expect(Profile.parse(updated.json())).toMatchObject({ name: 'Tara Tech', phone: '+34 600 111 222' });
    const cleared = await withSession(session).send('PATCH', '/v1/me/profile', { phone: '' });
    expect(Profile.parse(cleared.json()).phone).toBeNull();

    // The email, roles or someone else's id are not fields of this request.
    const sneaky = await withSession(session).send('PATCH', '/v1/me/profile', {
      name: 'Tara',
      email: 'other@example.test',
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(sneaky.statusCode).toBe(200);
    const [row] = await context.database.db.select().from(users).where(eq(users.id, contact.id));
    expect(row?.email).toBe(contact.email);

    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(201) },
      { phone: '1'.repeat(41) },
      { name: 'a\u0000b' },
    ]) {
      const response = await withSession(session).send('PATCH', '/v1/me/profile', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const huge = await withSession(session).send('PATCH', '/v1/me/profile', {
      name: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses API tokens and anonymous callers on every account route', async () => {
    const contact = await context.factories.contact({
      organizationId: await context.factories.organization({ tier: 'basic' }),
      roles: ['main'],
    });
    const { token } = await context.factories.apiToken(contact, { scopes: ['subscription:read:org'] });
    const routes = [
      ['GET', '/v1/me/sessions'],
      ['DELETE', '/v1/me/sessions/00000000-0000-4000-8000-000000000000'],
      ['POST', '/v1/me/password'],
      ['GET', '/v1/me/profile'],
      ['PATCH', '/v1/me/profile'],
    ] as const;
    for (const [method, url] of routes) {
      const payload =
        method === 'POST'
          ? { currentPassword: testPassword, newPassword: 'a token must not do this' }
          : method === 'PATCH'
            ? { name: 'Renamed by a token' }
            : undefined;
      const withToken = await context.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
      expect(withToken.statusCode, `${method} ${url}`).toBe(403);
      expect(withToken.headers['content-type']).toMatch(/^application\/problem\+json/);
      const anonymous = await context.app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
    }
    const [row] = await context.database.db.select().from(users).where(eq(users.id, contact.id));
    expect(row?.name).not.toBe('Renamed by a token');
    const live = await context.database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, contact.id));
    expect(live).toHaveLength(0);
  });
});
