import { Problem } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { subscriptions, users } from '../src/db/schema/index';
import { AppError } from '../src/lib/app-error';
import type { TestUser } from './fixtures';
import { buildTestApp, testConfig, useTestApp } from './test-app';
import { createTestDatabase } from './test-database';

/**
 * Reads that check the session with their first scoped transaction (`deferredSessionCheck`) still end
 * it at once: a revoked or deactivated session gets a 401 and none of the data, whatever the route did.
 */
describe('reads whose session check rides on their first query', () => {
  const context = useTestApp({ ready: false });
  let organizationId: string;
  let contact: TestUser;

  beforeAll(async () => {
    const { app } = context;
    // A read that never opens a scoped transaction: the check happens before its answer leaves.
    app.get(
      '/v1/test/deferred-without-query',
      { config: { access: { authenticated: true }, deferredSessionCheck: true } },
      async () => ({ secret: 'the answer of a live session' }),
    );
    app.get(
      '/v1/test/deferred-not-found',
      { config: { access: { authenticated: true }, deferredSessionCheck: true } },
      async () => {
        throw new AppError('not_found', 'Nothing here');
      },
    );
    await app.ready();
    organizationId = await context.factories.organization({ tier: 'premium' });
  });

  const freshContact = async () => {
    contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    return contact;
  };
  /** The access token a sign-in would have answered, to send the same one before and after a change. */
  const accessTokenOf = (user: TestUser) => context.app.jwt.sign(user.claims);
  const get = (url: string, user: TestUser, token = accessTokenOf(user)) => context.asToken(token).get(url);
  const endSessions = (user: TestUser) =>
    context.database.db
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id));

  const expectSessionEnded = (response: Awaited<ReturnType<typeof get>>, leaked: string) => {
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(Problem.parse(response.json()).code).toBe('unauthenticated');
    expect(response.body).not.toContain(leaked);
  };

  it("answers a live session's reads", async () => {
    const user = await freshContact();
    expect((await get('/v1/me', user)).statusCode).toBe(200);
    expect((await get('/v1/subscriptions?limit=25', user)).json().items).toHaveLength(1);
    expect((await get('/v1/test/deferred-without-query', user)).json()).toEqual({
      secret: 'the answer of a live session',
    });
  });

  it('refuses every read once the sessions are revoked, with the same token', async () => {
    const user = await freshContact();
    const token = accessTokenOf(user);
    expect((await get('/v1/subscriptions?limit=25', user, token)).statusCode).toBe(200);
    await endSessions(user);
    expectSessionEnded(await get('/v1/me', user, token), user.email);
    expectSessionEnded(await get('/v1/subscriptions?limit=25', user, token), organizationId);
    expectSessionEnded(await get('/v1/test/deferred-without-query', user, token), 'live session');
  });

  it('refuses the ticket reads once the sessions are revoked, whatever they would have answered', async () => {
    const user = await freshContact();
    const token = accessTokenOf(user);
    const unknownTicket = '/v1/tickets/00000000-0000-4000-8000-000000000000';
    expect((await get('/v1/tickets?view=mine', user, token)).statusCode).toBe(200);
    expect((await get(unknownTicket, user, token)).statusCode).toBe(404);
    await endSessions(user);
    for (const url of ['/v1/tickets?view=mine', '/v1/tickets/counts', '/v1/tickets/search?q=upgrade']) {
      expectSessionEnded(await get(url, user, token), '"items"');
    }
    expectSessionEnded(await get(unknownTicket, user, token), 'The ticket');
    expectSessionEnded(await get(`${unknownTicket}/events`, user, token), 'The ticket');
    expectSessionEnded(await get('/v1/products', user, token), 'vOneCloud');
  });

  it('refuses a deactivated user at once, on reads with no query of their own too', async () => {
    const user = await freshContact();
    await context.database.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    expectSessionEnded(await get('/v1/subscriptions?limit=25', user), organizationId);
    expectSessionEnded(await get('/v1/test/deferred-without-query', user), 'live session');
  });

  it('answers an ended session 401, not the 403 or 404 the route would have answered', async () => {
    const user = await freshContact();
    const token = accessTokenOf(user);
    expect((await get('/v1/test/deferred-not-found', user, token)).statusCode).toBe(404);
    const elsewhere = `/v1/staff/organizations/${organizationId}/subscriptions`;
    expect((await get(elsewhere, user, token)).statusCode).toBe(403);
    await endSessions(user);
    expectSessionEnded(await get('/v1/test/deferred-not-found', user, token), 'Nothing here');
    expectSessionEnded(await get(elsewhere, user, token), 'permission');
  });

  it('still reads only the caller organization when the session is live', async () => {
    const other = await context.factories.organization({ tier: 'basic' });
    const user = await freshContact();
    const page = (await get('/v1/subscriptions?limit=25', user)).json();
    const [theirs] = await context.database.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(eq(subscriptions.organizationId, other));
    expect(JSON.stringify(page)).not.toContain(theirs?.id ?? 'missing');
  });
});

describe('deferring the session check', () => {
  it('is refused on a route that is not a read', async () => {
    const database = await createTestDatabase();
    const app = await buildTestApp(database, testConfig());
    try {
      expect(() =>
        app.post(
          '/v1/test/deferred-write',
          { config: { access: { authenticated: true }, deferredSessionCheck: true } },
          async () => ({}),
        ),
      ).toThrow(/Only reads may defer their session check/);
    } finally {
      await app.close().catch(() => {});
      await database.drop();
    }
  });
});
