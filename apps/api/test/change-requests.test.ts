import {
  ChangeRequest,
  ChangeRequestPage,
  Invoice,
  InvoicePage,
  Problem,
  Session,
  StaffChangeRequestPage,
  SubscriptionPage,
} from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  changeRequests,
  emailOutbox,
  invoices,
  products,
  subscriptionServices,
  subscriptions,
} from '../src/db/schema/index';
import { type TestUser, testPassword } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';

const config = testConfig({ PUBLIC_URL: 'https://portals.example' });
// The factories' subscriptions run from 2026-01-01 to 2027-01-01 (365 days): on 2026-10-20, 73 are left.
const today = new Date('2026-10-20T10:00:00Z');

describe('change requests: notified by contacts, decided by staff, applied with a pro-rated draft', () => {
  const context = useTestApp({ config, clock: () => today });
  const mail = useMailDelivery(
    () => context.database,
    () => config,
  );
  const people = {} as Record<
    | 'main'
    | 'administrative'
    | 'technical'
    | 'otherMain'
    | 'accountManager'
    | 'admin'
    | 'billing'
    | 'supportAgent',
    TestUser
  >;
  let organizationId: string;
  let otherOrganizationId: string;
  let productId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Changing Ltd', tier: 'premium' });
    people.main = await context.factories.contact({ organizationId, roles: ['main'] });
    people.administrative = await context.factories.contact({ organizationId, roles: ['administrative'] });
    people.technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    otherOrganizationId = await context.factories.organization({ name: 'Other Ltd', tier: 'basic' });
    people.otherMain = await context.factories.contact({
      organizationId: otherOrganizationId,
      roles: ['main'],
    });
    people.accountManager = await context.factories.staff({ roles: ['account_manager'] });
    people.admin = await context.factories.staff({ roles: ['admin'] });
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.supportAgent = await context.factories.staff({ roles: ['support_agent'] });
    const [product] = await context.database.db.select({ id: products.id }).from(products).limit(1);
    if (!product) throw new Error('the catalogue is empty');
    productId = product.id;
  });

  /** A fresh premium organization with 4 servers (EUR), its main contact and its subscription's id. */
  const freshOrganization = async (tier: 'basic' | 'advanced' | 'premium' = 'premium') => {
    const id = await context.factories.organization({ tier });
    const main = await context.factories.contact({ organizationId: id, roles: ['main'] });
    const [subscription] = await context.database.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(eq(subscriptions.organizationId, id));
    if (!subscription) throw new Error('no subscription');
    return { organizationId: id, main, subscriptionId: subscription.id };
  };
  const subscriptionOf = async (id: string) => {
    const [subscription] = await context.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, id));
    return subscription;
  };
  const ask = (as: TestUser, subscriptionId: string, body: object) =>
    context.as(as).post(`/v1/subscriptions/${subscriptionId}/change-requests`, body);
  const asked = async (as: TestUser, subscriptionId: string, body: object) => {
    const response = await ask(as, subscriptionId, body);
    expect(response.statusCode, response.body).toBe(201);
    return ChangeRequest.parse(response.json());
  };
  const act = (
    requestId: string,
    action: 'start-review' | 'approve' | 'decline',
    as = people.accountManager,
    body?: object,
  ) =>
    context
      .as(as)
      .post(
        `/v1/staff/change-requests/${requestId}/${action}`,
        body ?? (action === 'decline' ? { reason: 'Not this term' } : undefined),
      );
  const rowOf = async (requestId: string) => {
    const [row] = await context.database.db
      .select()
      .from(changeRequests)
      .where(eq(changeRequests.id, requestId));
    return row;
  };
  const draftsOf = (id: string) =>
    context.database.db.select().from(invoices).where(eq(invoices.organizationId, id));

  let subscriptionId: string;
  beforeAll(async () => {
    const [subscription] = await context.database.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(eq(subscriptions.organizationId, organizationId));
    if (!subscription) throw new Error('no subscription');
    subscriptionId = subscription.id;
  });

  describe('who may ask and read', () => {
    it('lets the main and the administrative contact notify changes, each recorded as submitted', async () => {
      const byMain = await asked(people.main, subscriptionId, { kind: 'additional_servers', servers: 2 });
      expect(byMain).toMatchObject({
        status: 'submitted',
        kind: 'additional_servers',
        servers: 2,
        requestedBy: { id: people.main.id },
        subscription: { id: subscriptionId, tier: 'premium', servers: 4 },
        decidedBy: null,
        invoiceId: null,
      });
      const byAdministrative = await asked(people.administrative, subscriptionId, {
        kind: 'tier_change',
        tier: 'advanced',
        note: 'Fewer nights on call',
      });
      expect(byAdministrative).toMatchObject({
        fromTier: 'premium',
        tier: 'advanced',
        note: 'Fewer nights on call',
      });

      const listed = ChangeRequestPage.parse(
        (await context.as(people.administrative).get('/v1/change-requests')).json(),
      );
      expect(listed.items.map((item) => item.id)).toEqual(
        expect.arrayContaining([byMain.id, byAdministrative.id]),
      );
      const [audit] = await context.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'change_request.submitted'), eq(auditLog.targetId, byMain.id)));
      expect(audit?.actorUserId).toBe(people.main.id);
      // The staff who decide are told; billing staff and support agents are not.
      const told = (
        await context.database.db
          .select()
          .from(emailOutbox)
          .where(eq(emailOutbox.kind, 'change_request_received'))
      ).flatMap((mail) => mail.toAddresses);
      expect(told).toEqual(expect.arrayContaining([people.accountManager.email, people.admin.email]));
      expect(told).not.toContain(people.billing.email);
      expect(told).not.toContain(people.supportAgent.email);
    });

    it('refuses technical contacts and staff as requesters (403)', async () => {
      for (const user of [people.technical, people.accountManager]) {
        const response = await ask(user, subscriptionId, { kind: 'additional_servers', servers: 1 });
        expect(response.statusCode).toBe(403);
        expect(Problem.parse(response.json()).detail).toBeTruthy();
      }
      expect((await context.as(people.technical).get('/v1/change-requests')).statusCode).toBe(403);
    });

    it("answers 404 for another organization's subscription and request, and lists none of them", async () => {
      const ours = await asked(people.main, subscriptionId, { kind: 'additional_servers', servers: 1 });
      const response = await ask(people.otherMain, subscriptionId, {
        kind: 'additional_servers',
        servers: 1,
      });
      expect(response.statusCode).toBe(404);
      expect((await context.as(people.otherMain).get(`/v1/change-requests/${ours.id}`)).statusCode).toBe(404);
      expect((await context.as(people.main).get(`/v1/change-requests/${ours.id}`)).statusCode).toBe(200);
      const theirs = ChangeRequestPage.parse(
        (await context.as(people.otherMain).get('/v1/change-requests')).json(),
      );
      expect(theirs.items).toEqual([]);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await ask(people.main, unknown, { kind: 'additional_servers', servers: 1 })).statusCode).toBe(
        404,
      );
      expect((await act(unknown, 'approve')).statusCode).toBe(404);
      expect((await act(unknown, 'decline')).statusCode).toBe(404);
      expect((await act(unknown, 'start-review')).statusCode).toBe(404);
    });

    it("lets an API token notify only with the scope, as the contact's own", async () => {
      const { main, subscriptionId: theirs } = await freshOrganization();
      const readOnly = await context.factories.apiToken(main, { scopes: ['change_request:read:org'] });
      const body = { kind: 'additional_servers', servers: 1 };
      const refused = await context
        .asToken(readOnly.token)
        .post(`/v1/subscriptions/${theirs}/change-requests`, body);
      expect(refused.statusCode).toBe(403);
      expect((await context.asToken(readOnly.token).get('/v1/change-requests')).statusCode).toBe(200);
      const scoped = await context.factories.apiToken(main, { scopes: ['change_request:create:org'] });
      const created = await context
        .asToken(scoped.token)
        .post(`/v1/subscriptions/${theirs}/change-requests`, body);
      expect(created.statusCode, created.body).toBe(201);
      expect(ChangeRequest.parse(created.json()).requestedBy.id).toBe(main.id);
    });

    it('refuses hostile input with 400 or 422 and stores nothing', async () => {
      const before = (await context.database.db.select().from(changeRequests)).length;
      const hostile: object[] = [
        { kind: 'additional_servers', servers: -4 },
        { kind: 'additional_servers', servers: 0 },
        { kind: 'additional_servers', servers: 1e12 },
        { kind: 'additional_servers', servers: 2.5 },
        { kind: 'additional_servers', servers: '4' },
        { kind: 'additional_servers', servers: 4, note: 'nul \u0000 byte' },
        { kind: 'additional_servers', servers: 4, note: 'x'.repeat(100_000) },
        { kind: 'tier_change', tier: 'platinum' },
        { kind: 'delete_everything' },
        { kind: 'additional_service', productId: 'not-a-uuid' },
      ];
      for (const body of hostile) {
        const response = await ask(people.main, subscriptionId, body);
        expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      const unknownProduct = await ask(people.main, subscriptionId, {
        kind: 'additional_service',
        productId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknownProduct.statusCode).toBe(422);
      const sameTier = await ask(people.main, subscriptionId, { kind: 'tier_change', tier: 'premium' });
      expect(sameTier.statusCode).toBe(400);
      expect((await context.database.db.select().from(changeRequests)).length).toBe(before);
    });

    it('shows the inbox to account managers and administrators only, with counts and filters', async () => {
      const { main, subscriptionId: theirs, organizationId: theirOrganization } = await freshOrganization();
      const servers = await asked(main, theirs, { kind: 'additional_servers', servers: 3 });
      const tier = await asked(main, theirs, { kind: 'tier_change', tier: 'basic' });
      await act(tier.id, 'start-review');

      for (const user of [people.billing, people.supportAgent, people.main]) {
        expect((await context.as(user).get('/v1/staff/change-requests')).statusCode).toBe(403);
        expect((await act(servers.id, 'approve', user)).statusCode).toBe(403);
        expect((await act(servers.id, 'decline', user)).statusCode).toBe(403);
        expect((await act(servers.id, 'start-review', user)).statusCode).toBe(403);
      }
      const inbox = StaffChangeRequestPage.parse(
        (
          await context.as(people.admin).get(`/v1/staff/change-requests?organizationId=${theirOrganization}`)
        ).json(),
      );
      expect(inbox.counts).toEqual({ submitted: 1, in_review: 1, approved: 0, declined: 0, applied: 0 });
      expect(inbox.items.map((item) => item.id)).toEqual([servers.id, tier.id]);
      const inReview = StaffChangeRequestPage.parse(
        (
          await context
            .as(people.accountManager)
            .get(
              `/v1/staff/change-requests?organizationId=${theirOrganization}&status=in_review&kind=tier_change`,
            )
        ).json(),
      );
      expect(inReview.items.map((item) => [item.id, item.reviewedBy?.id])).toEqual([
        [tier.id, people.accountManager.id],
      ]);
      const paged = StaffChangeRequestPage.parse(
        (
          await context
            .as(people.admin)
            .get(`/v1/staff/change-requests?organizationId=${theirOrganization}&limit=1`)
        ).json(),
      );
      expect(paged.items.map((item) => item.id)).toEqual([servers.id]);
      const next = StaffChangeRequestPage.parse(
        (
          await context
            .as(people.admin)
            .get(
              `/v1/staff/change-requests?organizationId=${theirOrganization}&limit=1&cursor=${paged.nextCursor}`,
            )
        ).json(),
      );
      expect(next.items.map((item) => item.id)).toEqual([tier.id]);
    });
  });

  describe('the state machine', () => {
    it('moves submitted → in review → applied, recording who and when', async () => {
      const { main, subscriptionId: theirs } = await freshOrganization();
      const request = await asked(main, theirs, { kind: 'additional_servers', servers: 1 });
      const reviewed = ChangeRequest.parse((await act(request.id, 'start-review')).json());
      expect(reviewed).toMatchObject({ status: 'in_review', reviewedBy: { id: people.accountManager.id } });
      expect((await act(request.id, 'start-review')).statusCode).toBe(409);
      const applied = await act(request.id, 'approve', people.admin);
      expect(applied.statusCode, applied.body).toBe(200);
      expect(ChangeRequest.parse(applied.json())).toMatchObject({
        status: 'applied',
        decidedBy: { id: people.admin.id },
      });
    });

    it('refuses with 409 and changes nothing: approving a declined one, declining an applied one, deciding twice', async () => {
      const { main, subscriptionId: theirs, organizationId: theirOrganization } = await freshOrganization();
      const declined = await asked(main, theirs, { kind: 'additional_servers', servers: 2 });
      expect((await act(declined.id, 'decline')).statusCode).toBe(200);
      const declinedRow = await rowOf(declined.id);
      for (const action of ['approve', 'decline', 'start-review'] as const) {
        const response = await act(declined.id, action);
        expect(response.statusCode).toBe(409);
        expect(Problem.parse(response.json()).detail).toContain('declined');
      }
      expect(await rowOf(declined.id)).toEqual(declinedRow);
      expect((await subscriptionOf(theirs))?.servers).toBe(4);

      const applied = await asked(main, theirs, { kind: 'additional_servers', servers: 1 });
      expect((await act(applied.id, 'approve')).statusCode).toBe(200);
      const appliedRow = await rowOf(applied.id);
      const draftsBefore = await draftsOf(theirOrganization);
      for (const action of ['decline', 'approve', 'start-review'] as const) {
        const response = await act(applied.id, action);
        expect(response.statusCode).toBe(409);
        expect(Problem.parse(response.json()).detail).toContain('applied');
      }
      expect(await rowOf(applied.id)).toEqual(appliedRow);
      expect((await subscriptionOf(theirs))?.servers).toBe(5);
      expect(await draftsOf(theirOrganization)).toEqual(draftsBefore);
    });

    it('requires a reason to decline', async () => {
      const { main, subscriptionId: theirs } = await freshOrganization();
      const request = await asked(main, theirs, { kind: 'additional_servers', servers: 1 });
      for (const body of [{}, { reason: '   ' }, { reason: 'a\u0000b' }]) {
        expect((await act(request.id, 'decline', people.accountManager, body)).statusCode).toBe(400);
      }
      expect((await rowOf(request.id))?.status).toBe('submitted');
    });

    it('lets exactly one of two concurrent approvals win: one change, one draft', async () => {
      const { main, subscriptionId: theirs, organizationId: theirOrganization } = await freshOrganization();
      const request = await asked(main, theirs, { kind: 'additional_servers', servers: 4 });
      const responses = await Promise.all([
        act(request.id, 'approve'),
        act(request.id, 'approve', people.admin),
      ]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      expect((await subscriptionOf(theirs))?.servers).toBe(8);
      expect(await draftsOf(theirOrganization)).toHaveLength(1);
    });

    it('lets exactly one of a concurrent approval and decline win', async () => {
      const { main, subscriptionId: theirs, organizationId: theirOrganization } = await freshOrganization();
      const request = await asked(main, theirs, { kind: 'additional_servers', servers: 4 });
      const [approval, decline] = await Promise.all([act(request.id, 'approve'), act(request.id, 'decline')]);
      expect([approval?.statusCode, decline?.statusCode].sort()).toEqual([200, 409]);
      const row = await rowOf(request.id);
      const servers = (await subscriptionOf(theirs))?.servers;
      const drafts = await draftsOf(theirOrganization);
      if (approval?.statusCode === 200) {
        expect([row?.status, servers, drafts.length]).toEqual(['applied', 8, 1]);
      } else {
        expect([row?.status, servers, drafts.length]).toEqual(['declined', 4, 0]);
      }
    });
  });

  describe('applying a change', () => {
    it('adds servers and drafts the pro-rated difference: 4 premium servers, 73 of 365 days left', async () => {
      const { main, subscriptionId: theirs, organizationId: theirOrganization } = await freshOrganization();
      const request = await asked(main, theirs, { kind: 'additional_servers', servers: 4 });
      const approved = ChangeRequest.parse((await act(request.id, 'approve')).json());
      // EUR 1,200.00 a server-year at premium: 4 × 120,000 × 73 / 365 = 96,000 minor units (EUR 960.00).
      expect(approved).toMatchObject({
        status: 'applied',
        proratedMinor: 96_000,
        subscription: { servers: 8 },
      });
      expect(approved.invoiceId).not.toBeNull();
      const draft = Invoice.parse(
        (await context.as(people.billing).get(`/v1/invoices/${approved.invoiceId}`)).json(),
      );
      expect(draft).toMatchObject({
        documentStatus: 'draft',
        organization: { id: theirOrganization },
        currency: 'EUR',
        subtotalMinor: 96_000,
        taxMinor: 19_200,
        totalMinor: 115_200,
      });
      expect(draft.lines[0]?.description).toBe(
        '4 additional servers, pro-rated for 73 of 365 days (2026-10-20 to 2027-01-01)',
      );
      // The contact sees the new count, not the draft.
      const own = SubscriptionPage.parse((await context.as(main).get('/v1/subscriptions')).json());
      expect(own.items[0]?.servers).toBe(8);
      expect(
        ChangeRequest.parse((await context.as(main).get(`/v1/change-requests/${request.id}`)).json())
          .invoiceId,
      ).toBeNull();
      const visible = InvoicePage.parse((await context.as(main).get('/v1/invoices')).json());
      expect(visible.items).toEqual([]);
      const [audit] = await context.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'change_request.applied'), eq(auditLog.targetId, request.id)));
      expect(audit?.details).toMatchObject({
        before: { servers: 4 },
        after: { servers: 8 },
        proratedMinor: 96_000,
        daysLeft: 73,
        daysInTerm: 365,
      });
    });

    it('adds a service of the catalogue: EUR 500.00 a year for 73 of 365 days is 10,000 minor units', async () => {
      const { main, subscriptionId: theirs } = await freshOrganization('basic');
      const request = await asked(main, theirs, { kind: 'additional_service', productId });
      const approved = ChangeRequest.parse((await act(request.id, 'approve')).json());
      expect(approved.proratedMinor).toBe(10_000);
      const services = await context.database.db
        .select()
        .from(subscriptionServices)
        .where(eq(subscriptionServices.subscriptionId, theirs));
      expect(services.map((service) => service.productId)).toEqual([productId]);
      const own = SubscriptionPage.parse((await context.as(main).get('/v1/subscriptions')).json());
      expect(own.items[0]?.services.map((service) => service.id)).toEqual([productId]);
      expect((await ask(main, theirs, { kind: 'additional_service', productId })).statusCode).toBe(409);
    });

    it('changes the tier, drafts the difference, and newly issued access tokens carry the new tier', async () => {
      const { main, subscriptionId: theirs } = await freshOrganization('basic');
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
      const request = await asked(main, theirs, { kind: 'tier_change', tier: 'premium' });
      const approved = ChangeRequest.parse((await act(request.id, 'approve')).json());
      // 4 servers × (120,000 − 30,000) × 73 / 365 = 72,000.
      expect(approved).toMatchObject({ proratedMinor: 72_000, subscription: { tier: 'premium' } });
      expect((await signIn()).me.tier).toBe('premium');
    });

    it('drafts nothing for a lower tier (it costs less)', async () => {
      const { main, subscriptionId: theirs, organizationId: theirOrganization } = await freshOrganization();
      const request = await asked(main, theirs, { kind: 'tier_change', tier: 'basic' });
      const approved = ChangeRequest.parse((await act(request.id, 'approve')).json());
      expect(approved).toMatchObject({ status: 'applied', proratedMinor: 0, invoiceId: null });
      expect(await draftsOf(theirOrganization)).toEqual([]);
    });
  });

  it('emails the requester on each decision, with the reason of a decline', async () => {
    const { main, subscriptionId: theirs } = await freshOrganization();
    const approved = await asked(main, theirs, { kind: 'additional_servers', servers: 4 });
    const declined = await asked(main, theirs, { kind: 'tier_change', tier: 'advanced' });
    expect((await act(approved.id, 'approve')).statusCode).toBe(200);
    expect(
      (
        await act(declined.id, 'decline', people.accountManager, {
          reason: 'Talk to us about the renewal first',
        })
      ).statusCode,
    ).toBe(200);
    await waitUntil('every email job ran', async () => (await mail.emailJobsLeft()) === 0);
    const parsed = await Promise.all(mail.smtp.received.map((received) => simpleParser(received.raw)));
    const toMain = parsed.filter((message) =>
      (Array.isArray(message.to) ? message.to : [message.to]).some((to) =>
        to?.value.some((address) => address.address === main.email),
      ),
    );
    expect(toMain.map((message) => message.subject).sort()).toEqual([
      'Your change request was approved',
      'Your change request was declined',
    ]);
    const approval = toMain.find((message) => message.subject?.includes('approved'));
    expect(approval?.text).toContain('4 additional servers');
    expect(approval?.text).toContain('€960.00');
    const decline = toMain.find((message) => message.subject?.includes('declined'));
    expect(decline?.text).toContain('Talk to us about the renewal first');
  });
});
