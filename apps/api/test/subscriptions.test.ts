import { Problem, Session, Subscription, SubscriptionPage } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, emailOutbox, organizations, subscriptions } from '../src/db/schema/index';
import { type TestUser, testPassword } from './fixtures';
import { buildTestApp, type RequestHelpers, testConfig, useTestApp } from './test-app';

describe("an organization's subscriptions", () => {
  const context = useTestApp();
  let acmeId: string;
  let globexId: string;
  let acmeContact: TestUser;
  let globexContact: TestUser;

  beforeAll(async () => {
    const [acme, globex] = await context.database.db
      .insert(organizations)
      .values([
        { name: 'Acme', kind: 'customer' },
        { name: 'Globex', kind: 'customer' },
      ])
      .returning({ id: organizations.id });
    if (!acme || !globex) throw new Error('seed failed');
    acmeId = acme.id;
    globexId = globex.id;
    acmeContact = await context.factories.contact({
      organizationId: acmeId,
      roles: ['technical'],
      tier: 'premium',
    });
    globexContact = await context.factories.contact({
      organizationId: globexId,
      roles: ['main'],
      tier: 'basic',
    });
    await context.database.db.insert(subscriptions).values([
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

  const list = (requester: RequestHelpers, query = '') => requester.get(`/v1/subscriptions${query}`);

  it("shows a contact only their own organization's subscriptions, page by page", async () => {
    const acme = context.as(acmeContact);
    const first = SubscriptionPage.parse((await list(acme, '?limit=2')).json());
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = SubscriptionPage.parse((await list(acme, `?limit=2&cursor=${first.nextCursor}`)).json());
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.every((subscription) => subscription.organizationId === acmeId)).toBe(true);
    expect(all.map((subscription) => subscription.servers).sort()).toEqual([1, 2, 3]);
    expect(all[0]).toMatchObject({ currency: 'EUR', renewalDate: '2027-01-01', termEnd: '2027-01-01' });
  });

  it("never shows another organization's subscriptions", async () => {
    const page = SubscriptionPage.parse((await list(context.as(globexContact))).json());
    expect(page.items.map((subscription) => subscription.servers)).toEqual([99]);
  });

  it('refuses a cursor the API did not issue', async () => {
    const response = await list(context.as(acmeContact), '?cursor=not-a-cursor');
    expect(response.statusCode).toBe(400);
    expect(Problem.parse(response.json()).errors?.[0]?.path).toBe('querystring.cursor');
  });

  it('refuses a token signed with another key', async () => {
    const other = await buildTestApp(
      context.database,
      testConfig({ JWT_SECRET: 'another-secret-that-is-long-enough-0123456789' }),
    );
    await other.ready();
    const response = await list(context.asToken(other.jwt.sign(acmeContact.claims)));
    await other.close();
    expect(response.statusCode).toBe(401);
  });

  it('refuses staff, who have no organization of their own, on the contact route', async () => {
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const response = await list(context.as(agent));
    expect(response.statusCode).toBe(403);
    expect(Problem.parse(response.json()).code).toBe('forbidden');
  });

  describe('for staff', () => {
    const staffList = (requester: RequestHelpers, organizationId: string) =>
      requester.get(`/v1/staff/organizations/${organizationId}/subscriptions`);
    const patch = (requester: RequestHelpers, subscriptionId: string, payload: Record<string, unknown>) =>
      requester.patch(`/v1/staff/subscriptions/${subscriptionId}`, payload);

    it("lists any organization's subscriptions to staff who may read them", async () => {
      const agent = await context.factories.staff({ roles: ['support_agent'] });
      const page = SubscriptionPage.parse((await staffList(context.as(agent), globexId)).json());
      expect(page.items.map((subscription) => subscription.servers)).toEqual([99]);
      expect(page.items[0]?.renewalDate).toBe('2027-01-01');
    });

    it("refuses the staff list to a contact, and answers 404 for an organization that doesn't exist", async () => {
      expect((await staffList(context.as(globexContact), globexId)).statusCode).toBe(403);
      const agent = await context.factories.staff({ roles: ['support_agent'] });
      const response = await staffList(context.as(agent), '00000000-0000-4000-8000-000000000000');
      expect(response.statusCode).toBe(404);
    });

    it('changes the tier: audited with before and after, the main contact is told, new tokens carry it', async () => {
      const organizationId = await context.factories.organization({ tier: 'basic' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      await context.factories.contact({ organizationId, roles: ['technical'] });
      const manager = await context.factories.staff({ roles: ['account_manager'] });
      const signIn = async () =>
        Session.parse(
          (
            await context.app.inject({
              method: 'POST',
              url: '/v1/auth/sign-in',
              payload: { email: main.email, password: testPassword },
            })
          ).json(),
        );
      expect((await signIn()).me.tier).toBe('basic');
      const [subscription] = SubscriptionPage.parse(
        (await staffList(context.as(manager), organizationId)).json(),
      ).items;
      if (!subscription) throw new Error('no subscription');

      const response = await patch(context.as(manager), subscription.id, {
        tier: 'premium',
        servers: 10,
      });
      expect(response.statusCode).toBe(200);
      expect(Subscription.parse(response.json())).toMatchObject({
        tier: 'premium',
        servers: 10,
        status: 'active',
      });

      expect((await signIn()).me.tier).toBe('premium');
      const [audit] = await context.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'subscription.changed'), eq(auditLog.targetId, subscription.id)));
      expect(audit?.actorUserId).toBe(manager.id);
      expect(audit?.details).toMatchObject({
        before: { tier: 'basic', servers: 4 },
        after: { tier: 'premium', servers: 10 },
      });
      const notices = await context.database.db
        .select()
        .from(emailOutbox)
        .where(
          and(eq(emailOutbox.kind, 'subscription_changed'), eq(emailOutbox.organizationId, organizationId)),
        );
      expect(notices.map((notice) => notice.toAddresses)).toEqual([[main.email]]);
      expect(notices[0]?.textBody).toContain('basic → premium');
    });

    it('refuses a term end before the start, an empty change, and staff without the right', async () => {
      const organizationId = await context.factories.organization({ tier: 'advanced' });
      const manager = await context.factories.staff({ roles: ['account_manager'] });
      const [subscription] = SubscriptionPage.parse(
        (await staffList(context.as(manager), organizationId)).json(),
      ).items;
      if (!subscription) throw new Error('no subscription');
      const early = await patch(context.as(manager), subscription.id, { termEnd: '2025-12-31' });
      expect(early.statusCode).toBe(400);
      expect(Problem.parse(early.json()).errors?.[0]?.path).toBe('body.termEnd');
      expect((await patch(context.as(manager), subscription.id, {})).statusCode).toBe(400);
      expect((await patch(context.as(manager), subscription.id, { servers: 0 })).statusCode).toBe(400);
      const agent = await context.factories.staff({ roles: ['support_agent'] });
      expect((await patch(context.as(agent), subscription.id, { servers: 5 })).statusCode).toBe(403);
      const missing = await patch(context.as(manager), '00000000-0000-4000-8000-000000000000', {
        servers: 5,
      });
      expect(missing.statusCode).toBe(404);
    });
  });
});
