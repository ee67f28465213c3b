import { Problem, SubscriptionPage } from '@portals/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, subscriptions } from '../src/db/schema/index';
import { bearer, createUser, type TestUser } from './fixtures';
import { buildTestApp, testConfig } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

describe("an organization's subscriptions", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let acmeId: string;
  let globexId: string;
  let acmeContact: TestUser;
  let globexContact: TestUser;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    await app.ready();
    const [acme, globex] = await database.db
      .insert(organizations)
      .values([
        { name: 'Acme', kind: 'customer' },
        { name: 'Globex', kind: 'customer' },
      ])
      .returning({ id: organizations.id });
    if (!acme || !globex) throw new Error('seed failed');
    acmeId = acme.id;
    globexId = globex.id;
    acmeContact = await createUser(database, {
      organizationId: acmeId,
      roles: ['technical'],
      tier: 'premium',
    });
    globexContact = await createUser(database, { organizationId: globexId, roles: ['main'], tier: 'basic' });
    await database.db.insert(subscriptions).values([
      ...[1, 2, 3].map((servers) => ({
        organizationId: acmeId,
        tier: 'premium' as const,
        servers,
        termStart: '2026-01-01',
        termEnd: '2027-01-01',
      })),
      {
        organizationId: globexId,
        tier: 'basic',
        servers: 99,
        termStart: '2026-01-01',
        termEnd: '2027-01-01',
      },
    ]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const list = (headers: Record<string, string>, query = '') =>
    app.inject({ method: 'GET', url: `/v1/subscriptions${query}`, headers });

  it("shows a contact only their own organization's subscriptions, page by page", async () => {
    const token = bearer(app, acmeContact);
    const first = SubscriptionPage.parse((await list(token, '?limit=2')).json());
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = SubscriptionPage.parse((await list(token, `?limit=2&cursor=${first.nextCursor}`)).json());
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.every((subscription) => subscription.organizationId === acmeId)).toBe(true);
    expect(all.map((subscription) => subscription.servers).sort()).toEqual([1, 2, 3]);
  });

  it("never shows another organization's subscriptions", async () => {
    const page = SubscriptionPage.parse((await list(bearer(app, globexContact))).json());
    expect(page.items.map((subscription) => subscription.servers)).toEqual([99]);
  });

  it('refuses a cursor the API did not issue', async () => {
    const response = await list(bearer(app, acmeContact), '?cursor=not-a-cursor');
    expect(response.statusCode).toBe(400);
    expect(Problem.parse(response.json()).errors?.[0]?.path).toBe('querystring.cursor');
  });

  it('refuses a token signed with another key', async () => {
    const other = await buildTestApp(
      database,
      testConfig({ JWT_SECRET: 'another-secret-that-is-long-enough-0123456789' }),
    );
    await other.ready();
    const response = await list(bearer(other, acmeContact));
    await other.close();
    expect(response.statusCode).toBe(401);
  });

  it('refuses staff, who have no organization of their own, on the contact route', async () => {
    const agent = await createUser(database, { staffRoles: ['support_agent'] });
    const response = await list(bearer(app, agent));
    expect(response.statusCode).toBe(403);
    expect(Problem.parse(response.json()).code).toBe('forbidden');
  });
});
