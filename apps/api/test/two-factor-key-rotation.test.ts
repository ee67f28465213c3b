import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Session, SignInResponse, TwoFactorSetup } from '@portals/domain';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index';
import { secretKeyId } from '../src/lib/secret-box';
import { decodeBase32, hotp, newTotpSecret, totpStep } from '../src/lib/totp';
import { type TestUser, testPassword } from './fixtures';
import { buildTestApp, signedInAs, testConfig, useTestDatabase } from './test-app';

const oldKey = 'the-old-totp-encryption-key-0123456789abcdef';
const newKey = 'the-new-totp-encryption-key-fedcba9876543210';
const codeAt = (secret: string, step: number) => hotp(decodeBase32(secret), step);

describe('two-factor secrets under their own keys', () => {
  const context = useTestDatabase();
  let organizationId: string;
  const apps: FastifyInstance[] = [];

  const appWithKeys = async (keys: string, overrides: Record<string, string> = {}) => {
    const app = await buildTestApp(
      context.database,
      testConfig({ TOTP_ENCRYPTION_KEYS: keys, ...overrides }),
    );
    await app.ready();
    apps.push(app);
    return app;
  };
  const enrol = async (app: FastifyInstance, user: TestUser) => {
    const setup = TwoFactorSetup.parse((await signedInAs(app, user).post('/v1/me/two-factor/setup')).json());
    const enabled = await signedInAs(app, user).post('/v1/me/two-factor/enable', {
      code: codeAt(setup.secret, totpStep()),
    });
    expect(enabled.statusCode).toBe(200);
    return setup.secret;
  };
  /** A complete two-factor sign-in: password, then the next code. */
  const signInWithCode = async (app: FastifyInstance, user: TestUser, secret: string, step: number) => {
    const challenge = SignInResponse.parse(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/auth/sign-in',
          payload: { email: user.email, password: testPassword },
        })
      ).json(),
    );
    if (!('challengeToken' in challenge)) throw new Error('expected a challenge');
    return app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in/two-factor',
      payload: { challengeToken: challenge.challengeToken, code: codeAt(secret, step) },
    });
  };
  const storedSecretOf = async (user: TestUser) => {
    const [row] = await context.database.db
      .select({ totpSecret: users.totpSecret })
      .from(users)
      .where(eq(users.id, user.id));
    return row?.totpSecret ?? '';
  };

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'premium' });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('keeps secrets written under the old key working after rotation, and writes new ones under the new key', async () => {
    const before = await appWithKeys(oldKey);
    const early = await context.factories.contact({ organizationId, roles: ['technical'] });
    const earlySecret = await enrol(before, early);
    expect(await storedSecretOf(early)).toMatch(new RegExp(`^${secretKeyId(oldKey)}:`));

    const rotated = await appWithKeys(`${newKey},${oldKey}`);
    const signedIn = await signInWithCode(rotated, early, earlySecret, totpStep() + 1);
    expect(signedIn.statusCode).toBe(200);
    expect(Session.parse(signedIn.json()).me.id).toBe(early.id);

    const late = await context.factories.contact({ organizationId, roles: ['technical'] });
    const lateSecret = await enrol(rotated, late);
    const stored = await storedSecretOf(late);
    expect(stored).toMatch(new RegExp(`^${secretKeyId(newKey)}:`));
    expect(stored).not.toContain(lateSecret);

    // Once the old key is dropped, only what it sealed stops opening (so the key really is what decides).
    const newOnly = await appWithKeys(newKey);
    expect((await signInWithCode(newOnly, late, lateSecret, totpStep() + 1)).statusCode).toBe(200);
    expect((await signInWithCode(newOnly, early, earlySecret, totpStep() + 2)).statusCode).not.toBe(200);
  });

  it('still opens a secret sealed before key ids existed (under the JWT secret derivation)', async () => {
    const jwtSecret = 'a-jwt-secret-of-a-previous-release-0123456789';
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const secret = newTotpSecret();
    // Exactly as the previous release sealed it: AES-256-GCM, key sha256("totp-secret\0" + JWT secret).
    const key = createHash('sha256').update(`totp-secret\0${jwtSecret}`).digest();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const legacy = [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
    await context.database.db
      .update(users)
      .set({ totpSecret: legacy, totpEnabledAt: new Date(), totpLastStep: null })
      .where(eq(users.id, contact.id));

    const app = await appWithKeys(newKey, { JWT_SECRET: jwtSecret });
    expect((await signInWithCode(app, contact, secret, totpStep())).statusCode).toBe(200);
  });

  it('requires the keys in production, each at least 32 characters', () => {
    expect(() =>
      testConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/x' }),
    ).toThrow(/TOTP_ENCRYPTION_KEYS: is required in production/);
    expect(() => testConfig({ TOTP_ENCRYPTION_KEYS: `${newKey},short` })).toThrow(/at least 32 characters/);
  });
});
