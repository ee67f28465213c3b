import { createHash } from 'node:crypto';
import {
  ApiTokenPage,
  type CreateApiTokenRequest,
  CreatedApiToken,
  Me,
  type Permission,
  Problem,
  SubscriptionPage,
} from '@portals/domain';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog, contactRoles, users } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { type RequestHelpers, useTestApp } from './test-app';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('API tokens', () => {
  const context = useTestApp({ ready: false });
  let organizationId: string;

  beforeAll(async () => {
    // Probes for staff permissions no route needs yet.
    for (const permission of ['organization:read:any', 'subscription:read:any', 'audit:read:any'] as const) {
      context.app.get(
        `/v1/test-probes/${permission.replaceAll(':', '-')}`,
        { config: { access: { permission } } },
        async () => ({ ok: true }),
      );
    }
    await context.app.ready();
    organizationId = await context.factories.organization({ tier: 'premium' });
  });

  const newContact = () =>
    context.factories.contact({ organizationId, roles: ['technical'], tier: 'premium' });
  const create = (
    requester: RequestHelpers,
    body: Partial<CreateApiTokenRequest> & Record<string, unknown> = {},
  ) =>
    requester.post('/v1/me/api-tokens', {
      name: 'Monitoring bridge',
      expiresAt: inDays(30),
      scopes: ['subscription:read:org'],
      ...body,
    });
  /** A token of `user` created through the API with a sign-in session. */
  const tokenOf = (user: TestUser, scopes: Permission[] = ['subscription:read:org']) =>
    context.factories.apiToken(user, { name: 'Monitoring bridge', scopes });
  const rowOf = async (id: string) => {
    const [row] = await context.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    if (!row) throw new Error('no such token row');
    return row;
  };
  const subscriptionsWith = (secret: string) => context.asToken(secret).get('/v1/subscriptions');
  const meWith = (secret: string) => context.asToken(secret).get('/v1/me');
  const list = (requester: RequestHelpers, query = '') => requester.get(`/v1/me/api-tokens${query}`);
  const revoke = (requester: RequestHelpers, id: string) => requester.delete(`/v1/me/api-tokens/${id}`);

  it('shows the secret once and stores only its hash', async () => {
    const contact = await newContact();
    const response = await create(context.as(contact), { name: '  Nagios  ' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const { token, apiToken } = CreatedApiToken.parse(response.json());
    expect(token).toMatch(/^pat_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: 'Nagios',
      tokenPrefix: token.slice(0, 12),
      scopes: ['subscription:read:org'],
      status: 'active',
      lastUsedAt: null,
      revokedAt: null,
    });

    const row = await rowOf(apiToken.id);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(12));
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row).toMatchObject({ userId: contact.id, organizationId });

    const listed = await list(context.as(contact));
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(token);
    expect(ApiTokenPage.parse(listed.json()).items.map((item) => item.id)).toEqual([apiToken.id]);

    const [audit] = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'api_token.created'), eq(auditLog.targetId, apiToken.id)));
    expect(audit?.details).toMatchObject({
      tokenId: apiToken.id,
      name: 'Nagios',
      scopes: ['subscription:read:org'],
    });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('acts for its owner on the API, within its scopes', async () => {
    const contact = await newContact();
    const { token } = await tokenOf(contact);
    const subscriptions = await subscriptionsWith(token);
    expect(subscriptions.statusCode).toBe(200);
    expect(
      SubscriptionPage.parse(subscriptions.json()).items.every((s) => s.organizationId === organizationId),
    ).toBe(true);
    const me = await meWith(token);
    expect(me.statusCode).toBe(200);
    expect(Me.parse(me.json())).toMatchObject({
      id: contact.id,
      contactRoles: ['technical'],
      tier: 'premium',
    });
  });

  it('refuses a route whose permission the owner has but the token does not carry', async () => {
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const { token } = await tokenOf(agent, ['organization:read:any']);
    const allowed = await context.asToken(token).get('/v1/test-probes/organization-read-any');
    expect(allowed.statusCode).toBe(200);
    const refused = await context.asToken(token).get('/v1/test-probes/subscription-read-any');
    expect(refused.statusCode).toBe(403);
    expect(Problem.parse(refused.json()).detail).toBe(
      'This API token does not carry the permission subscription:read:any',
    );

    // The same for a contact's token without subscription:read:org (made directly: it is the
    // contact's only permission, so the API never creates such a token).
    const contact = await newContact();
    const secret = `pat_${'x'.repeat(43)}`;
    await context.database.db.insert(apiTokens).values({
      userId: contact.id,
      organizationId,
      name: 'no scope',
      tokenPrefix: secret.slice(0, 12),
      tokenHash: createHash('sha256').update(secret).digest('hex'),
      scopes: [],
      expiresAt: new Date(inDays(1)),
    });
    expect((await subscriptionsWith(secret)).statusCode).toBe(403);
    expect((await meWith(secret)).statusCode).toBe(200);
  });

  it('never acts beyond the owner’s current roles, whatever its scopes', async () => {
    const contact = await newContact();
    const { token } = await tokenOf(contact);
    expect((await subscriptionsWith(token)).statusCode).toBe(200);
    await context.database.db.delete(contactRoles).where(eq(contactRoles.userId, contact.id));
    const refused = await subscriptionsWith(token);
    expect(refused.statusCode).toBe(403);
    expect(Problem.parse(refused.json()).detail).toBe('You do not have the permission subscription:read:org');
  });

  it('refuses scopes beyond the creator’s permissions, naming each offending one', async () => {
    const contact = await newContact();
    const response = await create(context.as(contact), {
      scopes: ['subscription:read:org', 'audit:read:any', 'subscription:read:any'],
    });
    expect(response.statusCode).toBe(400);
    const problem = Problem.parse(response.json());
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors?.map((error) => error.path)).toEqual(['body.scopes.1', 'body.scopes.2']);
    expect(problem.errors?.[0]?.message).toContain('audit:read:any');
    expect(
      await context.database.db.select().from(apiTokens).where(eq(apiTokens.userId, contact.id)),
    ).toHaveLength(0);
  });

  it('never gives a token rights that need two-factor sign-in', async () => {
    const admin = await context.factories.staff({ roles: ['admin', 'support_agent'] });
    const verified = context.as({ ...admin, claims: { ...admin.claims, mfa: true } });
    const response = await create(verified, { scopes: ['organization:read:any', 'audit:read:any'] });
    expect(response.statusCode).toBe(400);
    const problem = Problem.parse(response.json());
    expect(problem.errors).toEqual([
      {
        path: 'body.scopes.1',
        message: 'audit:read:any needs two-factor sign-in, which an API token cannot provide',
      },
    ]);
  });

  it('validates the request: name, expiry within a year, unique non-empty scopes', async () => {
    const contact = context.as(await newContact());
    const pathsOf = async (body: Record<string, unknown>) => {
      const response = await create(contact, body);
      expect(response.statusCode).toBe(400);
      return Problem.parse(response.json()).errors?.map((error) => error.path);
    };
    expect(await pathsOf({ name: '   ' })).toEqual(['body.name']);
    expect(await pathsOf({ name: 'x'.repeat(101) })).toEqual(['body.name']);
    expect(await pathsOf({ expiresAt: inDays(-1) })).toEqual(['body.expiresAt']);
    expect(await pathsOf({ expiresAt: inDays(367) })).toEqual(['body.expiresAt']);
    expect(await pathsOf({ expiresAt: 'tomorrow' })).toEqual(['body.expiresAt']);
    expect(await pathsOf({ scopes: [] })).toEqual(['body.scopes']);
    expect(await pathsOf({ scopes: ['subscription:read:org', 'subscription:read:org'] })).toEqual([
      'body.scopes.1',
    ]);
    expect(await pathsOf({ scopes: ['ticket:delete:everything'] })).toEqual(['body.scopes.0']);
    expect((await create(contact, { expiresAt: inDays(364) })).statusCode).toBe(201);
  });

  it('refuses a revoked token', async () => {
    const contact = await newContact();
    const { token, apiToken } = await tokenOf(contact);
    expect((await revoke(context.as(contact), apiToken.id)).statusCode).toBe(204);
    const refused = await meWith(token);
    expect(refused.statusCode).toBe(401);
    expect(Problem.parse(refused.json()).detail).toBe('A valid access token is required');
    expect((await revoke(context.as(contact), apiToken.id)).statusCode).toBe(204);
    const audits = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'api_token.revoked'), eq(auditLog.targetId, apiToken.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toMatchObject({ tokenId: apiToken.id, name: 'Monitoring bridge' });
  });

  it('refuses an expired token', async () => {
    const contact = await newContact();
    const { token, apiToken } = await tokenOf(contact);
    await context.database.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, apiToken.id));
    expect((await meWith(token)).statusCode).toBe(401);
    const [listed] = ApiTokenPage.parse((await list(context.as(contact))).json()).items;
    expect(listed?.status).toBe('expired');
  });

  it('refuses the token of a deactivated owner', async () => {
    const contact = await newContact();
    const { token } = await tokenOf(contact);
    await context.database.db.update(users).set({ active: false }).where(eq(users.id, contact.id));
    expect((await meWith(token)).statusCode).toBe(401);
  });

  it('refuses an unknown or malformed token like any invalid credential', async () => {
    for (const secret of [`pat_${'A'.repeat(43)}`, 'pat_short', 'pat_']) {
      const refused = await meWith(secret);
      expect(refused.statusCode).toBe(401);
      expect(Problem.parse(refused.json()).detail).toBe('A valid access token is required');
    }
  });

  it('answers 404 for another user’s token, which keeps working', async () => {
    const owner = await newContact();
    const other = await newContact();
    const { token, apiToken } = await tokenOf(owner);
    const response = await revoke(context.as(other), apiToken.id);
    expect(response.statusCode).toBe(404);
    expect((await revoke(context.as(other), '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await revoke(context.as(other), 'not-an-id')).statusCode).toBe(400);
    expect((await subscriptionsWith(token)).statusCode).toBe(200);
    expect((await rowOf(apiToken.id)).revokedAt).toBeNull();
    expect(ApiTokenPage.parse((await list(context.as(other))).json()).items).toHaveLength(0);
  });

  it('refuses a token on token management: it can neither create, list nor revoke tokens', async () => {
    const contact = await newContact();
    const { token, apiToken } = await tokenOf(contact);
    for (const response of [
      await create(context.asToken(token)),
      await list(context.asToken(token)),
      await revoke(context.asToken(token), apiToken.id),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(Problem.parse(response.json()).detail).toBe('API tokens cannot be used for this: sign in');
    }
    // Nothing was revoked: the token still works where tokens are taken.
    expect((await meWith(token)).statusCode).toBe(200);
    expect(ApiTokenPage.parse((await list(context.as(contact))).json()).items).toHaveLength(1);
  });

  it('records when a token was last used, at most once a minute', async () => {
    const contact = await newContact();
    const { token, apiToken } = await tokenOf(contact);
    expect((await rowOf(apiToken.id)).lastUsedAt).toBeNull();
    await meWith(token);
    const firstUse = (await rowOf(apiToken.id)).lastUsedAt;
    expect(firstUse).toBeInstanceOf(Date);
    await meWith(token);
    expect((await rowOf(apiToken.id)).lastUsedAt).toEqual(firstUse);

    await context.database.db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now() - interval '2 minutes'` })
      .where(eq(apiTokens.id, apiToken.id));
    const stale = (await rowOf(apiToken.id)).lastUsedAt;
    await meWith(token);
    expect((await rowOf(apiToken.id)).lastUsedAt?.getTime()).toBeGreaterThan(stale?.getTime() ?? 0);
    const [listed] = ApiTokenPage.parse((await list(context.as(contact))).json()).items;
    expect(listed?.lastUsedAt).not.toBeNull();
  });

  it('lists the caller’s tokens newest first, page by page, revoked ones included', async () => {
    const contact = await newContact();
    const created: string[] = [];
    for (const name of ['first', 'second', 'third']) {
      const response = await create(context.as(contact), { name });
      created.push(CreatedApiToken.parse(response.json()).apiToken.id);
    }
    await revoke(context.as(contact), created[0] ?? '');
    const first = ApiTokenPage.parse((await list(context.as(contact), '?limit=2')).json());
    expect(first.items.map((item) => item.name)).toEqual(['third', 'second']);
    expect(first.nextCursor).not.toBeNull();
    const second = ApiTokenPage.parse(
      (await list(context.as(contact), `?limit=2&cursor=${first.nextCursor}`)).json(),
    );
    expect(second.items.map((item) => [item.name, item.status])).toEqual([['first', 'revoked']]);
    expect(second.nextCursor).toBeNull();
    expect((await list(context.as(contact), '?cursor=bogus')).statusCode).toBe(400);
  });
});
