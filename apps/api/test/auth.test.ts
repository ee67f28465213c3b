import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Me, Problem, Session } from '@portals/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  contactRoles,
  emailOutbox,
  oneTimeTokens,
  refreshTokens,
  users,
} from '../src/db/schema/index';
import { privileged } from '../src/db/scope';
import { hashSecretToken } from '../src/lib/secret-tokens';
import { passwordResetTask, queuePasswordLink } from '../src/modules/auth/links-service';
import { refreshReuseGraceMs } from '../src/modules/auth/sessions-service';
import { type JobWorker, startJobWorker } from '../src/plugins/jobs';
import { type TestUser, testPassword } from './fixtures';
import { type RequestHelpers, testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';

const quietLog = { info: () => undefined, warn: () => undefined };

const config = testConfig();

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A JWT made by hand, to try what the API must refuse. */
const craftToken = (header: object, payload: object, secret = config.jwtSecret) => {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};

const refreshCookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((cookie) => cookie.name === 'portals_refresh');

describe('sign-in and sessions', () => {
  const context = useTestApp({ config });
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'premium' });
  });

  const newContact = () =>
    context.factories.contact({ organizationId, roles: ['technical'], tier: 'premium' });
  const signIn = (email: string, password = testPassword) =>
    context.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
  const refresh = (cookie: string | undefined) =>
    context.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      cookies: cookie ? { portals_refresh: cookie } : {},
    });
  const me = (requester: RequestHelpers) => requester.get('/v1/me');

  it('signs in with email and password, setting the refresh token as an httpOnly SameSite=Strict cookie', async () => {
    const contact = await newContact();
    const response = await signIn(contact.email.toUpperCase());
    expect(response.statusCode).toBe(200);
    const session = Session.parse(response.json());
    expect(session.me).toMatchObject({
      id: contact.id,
      organizationId,
      contactRoles: ['technical'],
      tier: 'premium',
    });
    expect(session.me.permissions).toContain('subscription:read:org');
    const cookie = refreshCookieOf(response);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1/auth' });
    expect(response.body).not.toContain(cookie?.value);

    const whoAmI = await me(context.asToken(session.accessToken));
    expect(Me.parse(whoAmI.json()).email).toBe(contact.email);
  });

  it("carries the contact's own organization's tier, never another's", async () => {
    const basicOrganization = await context.factories.organization({ tier: 'basic' });
    const lapsedOrganization = await context.factories.organization();
    const basic = await context.factories.contact({ organizationId: basicOrganization, roles: ['main'] });
    const lapsed = await context.factories.contact({
      organizationId: lapsedOrganization,
      roles: ['main'],
    });
    expect(Session.parse((await signIn(basic.email)).json()).me.tier).toBe('basic');
    expect(Session.parse((await signIn(lapsed.email)).json()).me.tier).toBeNull();
    expect(Session.parse((await signIn((await newContact()).email)).json()).me.tier).toBe('premium');
  });

  it('answers a wrong password and an unknown email alike, and audits both', async () => {
    const contact = await newContact();
    const wrong = await signIn(contact.email, 'not the password');
    const unknown = await signIn('nobody@nowhere.example', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(Problem.parse(wrong.json()).detail).toBe(Problem.parse(unknown.json()).detail);
    const failures = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.sign_in_failed'), eq(auditLog.actorUserId, contact.id)));
    expect(failures).toHaveLength(1);
    expect(JSON.stringify(failures)).not.toContain('not the password');
  });

  describe('refuses access tokens that are not genuine and current', () => {
    let contact: TestUser;
    beforeAll(async () => {
      contact = await newContact();
    });
    const now = () => Math.floor(Date.now() / 1000);

    it('accepts a genuine one (the control case)', async () => {
      const token = craftToken(
        { alg: 'HS256', typ: 'JWT' },
        { ...contact.claims, iat: now(), exp: now() + 60 },
      );
      expect((await me(context.asToken(token))).statusCode).toBe(200);
    });

    it('refuses an expired token', async () => {
      const token = craftToken(
        { alg: 'HS256', typ: 'JWT' },
        { ...contact.claims, iat: now() - 120, exp: now() - 60 },
      );
      expect((await me(context.asToken(token))).statusCode).toBe(401);
    });

    it('refuses a token once it expires, though it was accepted (and its verification kept) before', async () => {
      const token = craftToken(
        { alg: 'HS256', typ: 'JWT' },
        { ...contact.claims, iat: now(), exp: now() + 2 },
      );
      expect((await me(context.asToken(token))).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3_100));
      const late = await me(context.asToken(token));
      expect(late.statusCode).toBe(401);
    });

    it('refuses a token signed with another key', async () => {
      const token = craftToken(
        { alg: 'HS256', typ: 'JWT' },
        { ...contact.claims, iat: now(), exp: now() + 60 },
        'some-other-secret-that-is-long-enough-000000',
      );
      expect((await me(context.asToken(token))).statusCode).toBe(401);
    });

    it('refuses an unsigned token (alg: none)', async () => {
      const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...contact.claims, exp: now() + 60 })}.`;
      expect((await me(context.asToken(token))).statusCode).toBe(401);
    });

    it('refuses a token whose claims were edited after signing', async () => {
      const genuine = craftToken({ alg: 'HS256', typ: 'JWT' }, { ...contact.claims, exp: now() + 60 });
      const [header, , signature] = genuine.split('.');
      const edited = base64url({ ...contact.claims, roles: ['main'], staff: ['admin'], exp: now() + 60 });
      expect((await me(context.asToken(`${header}.${edited}.${signature}`))).statusCode).toBe(401);
    });
  });

  it('rotates the refresh token, and a reused one revokes the whole family', async () => {
    const contact = await newContact();
    const first = refreshCookieOf(await signIn(contact.email))?.value;
    const rotated = await refresh(first);
    expect(rotated.statusCode).toBe(200);
    const second = refreshCookieOf(rotated)?.value;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);

    // Someone replays the first token after the retry grace: refused, and the legitimate second one dies with it.
    await context.database.db
      .update(refreshTokens)
      .set({ rotatedAt: new Date(Date.now() - refreshReuseGraceMs - 1000) })
      .where(eq(refreshTokens.tokenHash, hashSecretToken(first ?? '')));
    expect((await refresh(first)).statusCode).toBe(401);
    expect((await refresh(second)).statusCode).toBe(401);
    const reuses = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.refresh_token_reused'), eq(auditLog.actorUserId, contact.id)));
    expect(reuses).toHaveLength(1);
  });

  it('lets a browser that lost the answer to a refresh retry with the previous token, briefly', async () => {
    const contact = await newContact();
    const first = refreshCookieOf(await signIn(contact.email))?.value;
    expect((await refresh(first)).statusCode).toBe(200);
    // The answer never reached the browser: it presents the first token again, at once.
    const retried = await refresh(first);
    expect(retried.statusCode).toBe(200);
    expect((await refresh(refreshCookieOf(retried)?.value)).statusCode).toBe(200);
  });

  it('signs out of this device, and of every device at once', async () => {
    const contact = await newContact();
    const cookie = refreshCookieOf(await signIn(contact.email))?.value;
    const signedOut = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-out',
      cookies: { portals_refresh: cookie ?? '' },
    });
    expect(signedOut.statusCode).toBe(204);
    expect((await refresh(cookie)).statusCode).toBe(401);

    const laptop = Session.parse((await signIn(contact.email)).json());
    const phone = await signIn(contact.email);
    const everywhere = await context.asToken(laptop.accessToken).post('/v1/auth/sign-out-everywhere');
    expect(everywhere.statusCode).toBe(204);
    expect((await me(context.asToken(laptop.accessToken))).statusCode).toBe(401);
    expect((await refresh(refreshCookieOf(phone)?.value)).statusCode).toBe(401);
  });

  it('locks a deactivated user out at once, before the access token expires', async () => {
    const contact = await newContact();
    const signedIn = await signIn(contact.email);
    const session = Session.parse(signedIn.json());
    expect((await me(context.asToken(session.accessToken))).statusCode).toBe(200);

    await context.database.db.update(users).set({ active: false }).where(eq(users.id, contact.id));
    expect((await me(context.asToken(session.accessToken))).statusCode).toBe(401);
    expect((await refresh(refreshCookieOf(signedIn)?.value)).statusCode).toBe(401);
    expect((await signIn(contact.email)).statusCode).toBe(401);
  });

  it('refuses a token for a user that does not exist, even when correctly signed', async () => {
    const ghost = await newContact();
    await context.database.db.update(users).set({ sessionVersion: 2 }).where(eq(users.id, ghost.id));
    expect((await me(context.as(ghost))).statusCode).toBe(401);
  });
});

describe('set-your-password links', () => {
  const context = useTestApp({ config });
  let organizationId: string;

  // Reset links are written by a job: the worker runs it (mail goes to a folder; the outbox is read).
  let worker: JobWorker;
  let mailDirectory: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'basic' });
    mailDirectory = await mkdtemp(path.join(os.tmpdir(), 'auth-mail-'));
    worker = await startJobWorker(
      context.database,
      { ...config, dataDir: mailDirectory },
      undefined,
      quietLog,
    );
  });
  afterAll(async () => {
    await worker.stop();
    await rm(mailDirectory, { recursive: true, force: true });
  });

  const tokenFromLatestEmail = async (to: string) => {
    const rows = await context.database.db.select().from(emailOutbox);
    const message = rows.filter((row) => row.toAddresses.includes(to)).at(-1);
    const match = message?.textBody.match(/set-password\?token=([\w-]+)/);
    if (!match?.[1]) throw new Error(`no link emailed to ${to}`);
    return { token: match[1], message };
  };
  const setPassword = (token: string, password: string) =>
    context.app.inject({ method: 'POST', url: '/v1/auth/set-password', payload: { token, password } });
  const pendingResetJobs = async () =>
    (
      await context.database.db.execute<{ count: number }>(
        sql`select count(*)::int as count from graphile_worker.jobs where task_identifier = ${passwordResetTask}`,
      )
    ).rows[0]?.count;
  /** Asks for a reset link and waits until the job that writes it has run. */
  const requestReset = async (email: string) => {
    const response = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset',
      payload: { email, portal: 'subscriber' },
    });
    await waitUntil('the reset job has run', async () => (await pendingResetJobs()) === 0);
    return response;
  };

  it('emails a reset link that works once, then signs in with the new password', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['main'] });
    const accepted = await requestReset(contact.email);
    expect(accepted.statusCode).toBe(202);
    const { token, message } = await tokenFromLatestEmail(contact.email);
    expect(message?.textBody).toContain('/subscriber/set-password?token=');

    const used = await setPassword(token, 'a brand new passphrase');
    expect(used.statusCode).toBe(200);
    expect(Session.parse(used.json()).me.id).toBe(contact.id);
    const again = await setPassword(token, 'another new passphrase');
    expect(again.statusCode).toBe(400);
    expect(Problem.parse(again.json()).detail).toMatch(/expired or was already used/);

    const withNew = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: contact.email, password: 'a brand new passphrase' },
    });
    expect(withNew.statusCode).toBe(200);
    const withOld = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: contact.email, password: testPassword },
    });
    expect(withOld.statusCode).toBe(401);
  });

  it('refuses a reset link after its hour is up', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    await requestReset(contact.email);
    const { token } = await tokenFromLatestEmail(contact.email);
    await context.database.db
      .update(oneTimeTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oneTimeTokens.userId, contact.id));
    expect((await setPassword(token, 'too late for this one')).statusCode).toBe(400);
  });

  it('gives invitations 7 days and reset links 1 hour', async () => {
    const invited = await context.factories.contact({ organizationId, roles: ['technical'] });
    await privileged(context.database.db).transaction((tx) =>
      queuePasswordLink(
        { config },
        tx,
        { id: invited.id, email: invited.email, name: 'Ivy', organizationId },
        'invitation',
        'support',
      ),
    );
    await requestReset(invited.email);
    const links = await context.database.db
      .select()
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.userId, invited.id));
    const hoursLeft = (purpose: string) => {
      const link = links.find((row) => row.purpose === purpose);
      return Math.round(((link?.expiresAt.getTime() ?? 0) - Date.now()) / 3_600_000);
    };
    expect(hoursLeft('invitation')).toBe(7 * 24);
    expect(hoursLeft('password_reset')).toBe(1);
    const { token } = await tokenFromLatestEmail(invited.email);
    expect((await setPassword(token, 'my first real password')).statusCode).toBe(200);
  });

  it('refuses a password shorter than 12 characters without using up the link', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    await requestReset(contact.email);
    const { token } = await tokenFromLatestEmail(contact.email);
    const short = await setPassword(token, 'short');
    expect(short.statusCode).toBe(400);
    expect(Problem.parse(short.json()).errors?.[0]?.path).toBe('body.password');
    expect((await setPassword(token, 'long enough this time')).statusCode).toBe(200);
  });
});

describe('role changes', () => {
  const context = useTestApp({ config });

  const signInAs = async (email: string) =>
    context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email, password: testPassword },
    });

  it("end the person's sessions on their next request when a contact role is taken away", async () => {
    const organizationId = await context.factories.organization({ tier: 'advanced' });
    const contact = await context.factories.contact({
      organizationId,
      roles: ['technical', 'administrative'],
    });
    const signedIn = await signInAs(contact.email);
    const { accessToken } = Session.parse(signedIn.json());
    const me = () => context.asToken(accessToken).get('/v1/me');
    expect((await me()).statusCode).toBe(200);

    await context.database.db
      .delete(contactRoles)
      .where(and(eq(contactRoles.userId, contact.id), eq(contactRoles.role, 'administrative')));
    expect((await me()).statusCode).toBe(401);
    // Refreshing gives a token with the roles as they are now.
    const refreshed = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      cookies: { portals_refresh: refreshCookieOf(signedIn)?.value ?? '' },
    });
    expect(Session.parse(refreshed.json()).me.contactRoles).toEqual(['technical']);
  });

  it("end a staff member's sessions when their staff roles change", async () => {
    const agent = await context.factories.staff({ roles: ['support_agent', 'billing'] });
    const { accessToken } = Session.parse((await signInAs(agent.email)).json());
    await context.database.db
      .update(users)
      .set({ staffRoles: ['support_agent'] })
      .where(eq(users.id, agent.id));
    const response = await context.asToken(accessToken).get('/v1/me');
    expect(response.statusCode).toBe(401);
  });
});
