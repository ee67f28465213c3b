import {
  AuditPage,
  Me,
  Problem,
  Session,
  SignInResponse,
  TwoFactorEnabled,
  TwoFactorSetup,
} from '@portals/domain';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index';
import { decodeBase32, hotp, totpStep } from '../src/lib/totp';
import { testPassword } from './fixtures';
import { useTestApp } from './test-app';

const codeAt = (secret: string, step: number) => hotp(decodeBase32(secret), step);

describe('two-factor sign-in', () => {
  const context = useTestApp();
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'premium' });
  });

  const post = (url: string, payload: object, accessToken?: string) =>
    accessToken
      ? context.asToken(accessToken).post(url, payload)
      : context.app.inject({ method: 'POST', url, payload });
  const passwordSignIn = async (email: string) =>
    SignInResponse.parse((await post('/v1/auth/sign-in', { email, password: testPassword })).json());
  const sessionOf = (response: ReturnType<typeof SignInResponse.parse>) => {
    if (!('accessToken' in response)) throw new Error('expected a session, got a challenge');
    return response;
  };
  /** Sets up an authenticator for the signed-in user; answers its secret and the recovery codes. */
  const enrol = async (accessToken: string) => {
    const setup = TwoFactorSetup.parse((await post('/v1/me/two-factor/setup', {}, accessToken)).json());
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const enabled = await post(
      '/v1/me/two-factor/enable',
      { code: codeAt(setup.secret, totpStep()) },
      accessToken,
    );
    expect(enabled.statusCode).toBe(200);
    return { secret: setup.secret, ...TwoFactorEnabled.parse(enabled.json()) };
  };

  it('asks for a code after the password once it is on, refuses wrong and replayed codes, and accepts a recovery code once', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const first = sessionOf(await passwordSignIn(contact.email));
    const { secret, recoveryCodes, session } = await enrol(first.accessToken);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(session.me.twoFactorEnabled).toBe(true);

    // The secret is stored encrypted, never as typed into the app.
    const [stored] = await context.database.db.select().from(users).where(eq(users.id, contact.id));
    expect(stored?.totpSecret).toBeTruthy();
    expect(stored?.totpSecret).not.toContain(secret);

    const challenged = await post('/v1/auth/sign-in', { email: contact.email, password: testPassword });
    expect(challenged.cookies.find((cookie) => cookie.name === 'portals_refresh')).toBeUndefined();
    const challenge = SignInResponse.parse(challenged.json());
    if (!('challengeToken' in challenge)) throw new Error('expected a challenge');

    const wrong = await post('/v1/auth/sign-in/two-factor', {
      challengeToken: challenge.challengeToken,
      code: '000000',
    });
    expect(wrong.statusCode).toBe(401);
    const nextCode = codeAt(secret, totpStep() + 1);
    const right = await post('/v1/auth/sign-in/two-factor', {
      challengeToken: challenge.challengeToken,
      code: nextCode,
    });
    expect(right.statusCode).toBe(200);
    expect(Session.parse(right.json()).me.id).toBe(contact.id);
    // The challenge is spent, and the same code never works twice.
    expect(
      (
        await post('/v1/auth/sign-in/two-factor', {
          challengeToken: challenge.challengeToken,
          code: nextCode,
        })
      ).statusCode,
    ).toBe(401);
    const again = await passwordSignIn(contact.email);
    if (!('challengeToken' in again)) throw new Error('expected a challenge');
    expect(
      (await post('/v1/auth/sign-in/two-factor', { challengeToken: again.challengeToken, code: nextCode }))
        .statusCode,
    ).toBe(401);

    const recoveryCode = recoveryCodes[0] ?? '';
    const recovered = await post('/v1/auth/sign-in/two-factor', {
      challengeToken: again.challengeToken,
      recoveryCode: recoveryCode.toUpperCase(),
    });
    expect(recovered.statusCode).toBe(200);
    const third = await passwordSignIn(contact.email);
    if (!('challengeToken' in third)) throw new Error('expected a challenge');
    expect(
      (await post('/v1/auth/sign-in/two-factor', { challengeToken: third.challengeToken, recoveryCode }))
        .statusCode,
    ).toBe(401);
  });

  it("withholds an administrator's rights until two-factor sign-in is set up, and keeps it on", async () => {
    const admin = await context.factories.staff({ roles: ['admin'] });
    const withPassword = sessionOf(await passwordSignIn(admin.email));
    expect(withPassword.me.twoFactorRequired).toBe(true);
    expect(withPassword.me.permissions).not.toContain('audit:read:any');
    const refused = await context.asToken(withPassword.accessToken).get('/v1/audit-log');
    expect(refused.statusCode).toBe(403);

    const { secret, session } = await enrol(withPassword.accessToken);
    expect(session.me.twoFactorRequired).toBe(false);
    expect(session.me.permissions).toContain('audit:read:any');
    const log = await context.asToken(session.accessToken).get(`/v1/audit-log?actorUserId=${admin.id}`);
    expect(log.statusCode).toBe(200);
    const actions = AuditPage.parse(log.json()).items.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.signed_in', 'two_factor.enabled']));

    const disable = await post(
      '/v1/me/two-factor/disable',
      { code: codeAt(secret, totpStep() + 1) },
      session.accessToken,
    );
    expect(disable.statusCode).toBe(403);
    expect(Problem.parse(disable.json()).detail).toMatch(/Administrators must keep/);
  });

  it('lets a contact turn it off with a current code, after which the password alone signs in', async () => {
    const contact = await context.factories.contact({ organizationId, roles: ['main'] });
    const { secret, session } = await enrol(sessionOf(await passwordSignIn(contact.email)).accessToken);
    const wrong = await post('/v1/me/two-factor/disable', { code: '123456' }, session.accessToken);
    expect(wrong.statusCode).toBe(400);
    const off = await post(
      '/v1/me/two-factor/disable',
      { code: codeAt(secret, totpStep() + 1) },
      session.accessToken,
    );
    expect(off.statusCode).toBe(204);
    const me = Me.parse((await context.asToken(session.accessToken).get('/v1/me')).json());
    expect(me.twoFactorEnabled).toBe(false);
    expect('accessToken' in (await passwordSignIn(contact.email))).toBe(true);
  });
});
