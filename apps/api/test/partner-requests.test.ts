import {
  ChangeRequest,
  ChangeRequestPage,
  PartnerEndUserPage,
  Problem,
  StaffChangeRequestPage,
} from '@portals/domain';
import { and, eq, inArray } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  changeRequests,
  emailOutbox,
  orderForms,
  organizations,
  subscriptions,
  users,
} from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';

const config = testConfig({ PUBLIC_URL: 'https://portals.example' });
const today = new Date('2026-10-20T10:00:00Z');

let sequence = 0;
/** A registration with an email nobody holds. */
const registration = (overrides: Record<string, unknown> = {}) => {
  sequence += 1;
  return {
    organizationName: `Downstream ${sequence} GmbH`,
    mainContact: { name: 'Dana Downstream', email: `dana-${sequence}@downstream.example` },
    tier: 'advanced',
    servers: 6,
    currency: 'EUR',
    ...overrides,
  };
};

describe("partner requests: a partner's end-user registrations and level upgrades, decided by staff", () => {
  const context = useTestApp({ config, clock: () => today });
  const mail = useMailDelivery(
    () => context.database,
    () => config,
  );
  const people = {} as Record<
    | 'partnerMain'
    | 'partnerAdministrative'
    | 'partnerTechnical'
    | 'otherPartnerMain'
    | 'customerMain'
    | 'accountManager'
    | 'admin'
    | 'billing'
    | 'supportAgent',
    TestUser
  >;
  let partnerId: string;

  beforeAll(async () => {
    partnerId = await context.factories.organization({
      name: 'Reselling Partner Ltd',
      kind: 'partner',
      partnerLevel: 'silver',
      tier: 'premium',
    });
    people.partnerMain = await context.factories.contact({ organizationId: partnerId, roles: ['main'] });
    people.partnerAdministrative = await context.factories.contact({
      organizationId: partnerId,
      roles: ['administrative'],
    });
    people.partnerTechnical = await context.factories.contact({
      organizationId: partnerId,
      roles: ['technical'],
    });
    const otherPartnerId = await context.factories.organization({ kind: 'partner', tier: 'basic' });
    people.otherPartnerMain = await context.factories.contact({
      organizationId: otherPartnerId,
      roles: ['main'],
    });
    const customerId = await context.factories.organization({ name: 'Direct Customer', tier: 'basic' });
    people.customerMain = await context.factories.contact({ organizationId: customerId, roles: ['main'] });
    people.accountManager = await context.factories.staff({ roles: ['account_manager'] });
    people.admin = await context.factories.staff({ roles: ['admin'] });
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.supportAgent = await context.factories.staff({ roles: ['support_agent'] });
  });

  /** A fresh partner at `level` and its main contact. */
  const freshPartner = async (level: 'registered' | 'silver' | 'gold' | 'platinum' = 'silver') => {
    const id = await context.factories.organization({ kind: 'partner', partnerLevel: level, tier: 'basic' });
    const main = await context.factories.contact({ organizationId: id, roles: ['main'] });
    return { partnerId: id, main };
  };
  const register = (as: TestUser, body: object) =>
    context.as(as).post('/v1/partner/end-user-registrations', body);
  const registered = async (as: TestUser, body: object) => {
    const response = await register(as, body);
    expect(response.statusCode, response.body).toBe(201);
    return ChangeRequest.parse(response.json());
  };
  const askUpgrade = (as: TestUser, body: object) => context.as(as).post('/v1/partner/level-upgrades', body);
  const askedUpgrade = async (as: TestUser, body: object) => {
    const response = await askUpgrade(as, body);
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
        body ?? (action === 'decline' ? { reason: 'Not this quarter' } : undefined),
      );
  const rowOf = async (requestId: string) => {
    const [row] = await context.database.db
      .select()
      .from(changeRequests)
      .where(eq(changeRequests.id, requestId));
    return row;
  };
  const organizationsNamed = (name: string) =>
    context.database.db.select().from(organizations).where(eq(organizations.name, name));
  const usersWithEmail = (email: string) =>
    context.database.db.select().from(users).where(eq(users.email, email));
  const welcomesTo = async (email: string) =>
    (
      await context.database.db
        .select({ kind: emailOutbox.kind, to: emailOutbox.toAddresses })
        .from(emailOutbox)
        .where(inArray(emailOutbox.kind, ['welcome', 'support_welcome']))
    ).filter((row) => row.to.includes(email));
  const levelOf = async (organizationId: string) => {
    const [row] = await context.database.db
      .select({ partnerLevel: organizations.partnerLevel })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    return row?.partnerLevel;
  };

  describe('who may ask, see and decide', () => {
    it("lets a partner's main and administrative contacts register an end user, submitted without a subscription", async () => {
      const body = registration({ note: 'Signed last week' });
      const byMain = await registered(people.partnerMain, body);
      expect(byMain).toMatchObject({
        kind: 'end_user_registration',
        status: 'submitted',
        organization: { id: partnerId },
        subscription: null,
        tier: 'advanced',
        servers: 6,
        currency: 'EUR',
        note: 'Signed last week',
        endUser: {
          name: body.organizationName,
          mainContact: body.mainContact,
          organizationId: null,
        },
        requestedBy: { id: people.partnerMain.id },
        decidedBy: null,
      });
      const byAdministrative = await registered(people.partnerAdministrative, registration());
      expect(byAdministrative.requestedBy.id).toBe(people.partnerAdministrative.id);
      const listed = ChangeRequestPage.parse(
        (await context.as(people.partnerAdministrative).get('/v1/change-requests')).json(),
      );
      expect(listed.items.map((item) => item.id)).toEqual(
        expect.arrayContaining([byMain.id, byAdministrative.id]),
      );
    });

    it("refuses a customer organization's contacts (403: only partners ask), technical contacts and staff", async () => {
      const before = (await context.database.db.select().from(changeRequests)).length;
      const notPartner = await register(people.customerMain, registration());
      expect(notPartner.statusCode).toBe(403);
      expect(Problem.parse(notPartner.json()).detail).toContain('not a partner');
      // Even naming a colleague's email, a customer hears only that it is not a partner.
      const colleague = await register(
        people.customerMain,
        registration({ mainContact: { name: 'Me', email: people.customerMain.email } }),
      );
      expect(colleague.statusCode).toBe(403);
      const notPartnerUpgrade = await askUpgrade(people.customerMain, {
        partnerLevel: 'gold',
        justification: 'We sell a lot',
      });
      expect(notPartnerUpgrade.statusCode).toBe(403);
      expect(Problem.parse(notPartnerUpgrade.json()).detail).toContain('not a partner');
      for (const user of [people.partnerTechnical, people.accountManager]) {
        expect((await register(user, registration())).statusCode).toBe(403);
        expect((await askUpgrade(user, { partnerLevel: 'gold', justification: 'x' })).statusCode).toBe(403);
      }
      // A partner level is contractual: the main contact's to ask.
      const byAdministrative = await askUpgrade(people.partnerAdministrative, {
        partnerLevel: 'gold',
        justification: 'We sell a lot',
      });
      expect(byAdministrative.statusCode).toBe(403);
      expect((await context.database.db.select().from(changeRequests)).length).toBe(before);
    });

    it("answers 404 for another organization's request and lists none of them", async () => {
      const ours = await registered(people.partnerMain, registration());
      expect(
        (await context.as(people.otherPartnerMain).get(`/v1/change-requests/${ours.id}`)).statusCode,
      ).toBe(404);
      expect((await context.as(people.customerMain).get(`/v1/change-requests/${ours.id}`)).statusCode).toBe(
        404,
      );
      const theirs = ChangeRequestPage.parse(
        (await context.as(people.otherPartnerMain).get('/v1/change-requests')).json(),
      );
      expect(theirs.items).toEqual([]);
      expect(
        (await context.as(people.partnerTechnical).get(`/v1/change-requests/${ours.id}`)).statusCode,
      ).toBe(403);
    });

    it('keeps the inbox and the decisions to account managers and administrators (403 for other roles)', async () => {
      const request = await registered(people.partnerMain, registration());
      for (const user of [people.billing, people.supportAgent, people.partnerMain]) {
        expect((await context.as(user).get('/v1/staff/change-requests')).statusCode).toBe(403);
        for (const action of ['start-review', 'approve', 'decline'] as const) {
          expect((await act(request.id, action, user)).statusCode).toBe(403);
        }
      }
      expect((await rowOf(request.id))?.status).toBe('submitted');
      const inbox = StaffChangeRequestPage.parse(
        (
          await context
            .as(people.admin)
            .get(`/v1/staff/change-requests?kind=end_user_registration&organizationId=${partnerId}`)
        ).json(),
      );
      expect(inbox.items.every((item) => item.kind === 'end_user_registration')).toBe(true);
      expect(inbox.items.map((item) => item.id)).toContain(request.id);
      expect(inbox.counts.submitted).toBeGreaterThanOrEqual(1);
    });

    it("lets an API token register only with the end-user scope, as the contact's own", async () => {
      const readOnly = await context.factories.apiToken(people.partnerMain, {
        scopes: ['change_request:read:org'],
      });
      const refused = await context
        .asToken(readOnly.token)
        .post('/v1/partner/end-user-registrations', registration());
      expect(refused.statusCode).toBe(403);
      const scoped = await context.factories.apiToken(people.partnerMain, {
        scopes: ['end_user:register:org'],
      });
      const created = await context
        .asToken(scoped.token)
        .post('/v1/partner/end-user-registrations', registration());
      expect(created.statusCode, created.body).toBe(201);
      expect(ChangeRequest.parse(created.json()).requestedBy.id).toBe(people.partnerMain.id);
    });
  });

  describe('what is refused at submission', () => {
    it('refuses hostile input with 400 and stores nothing', async () => {
      const before = (await context.database.db.select().from(changeRequests)).length;
      const hostile: object[] = [
        registration({ organizationName: 'nul \u0000 byte' }),
        registration({ organizationName: 'x'.repeat(100_000) }),
        registration({ organizationName: '   ' }),
        registration({ mainContact: { name: 'Dana', email: 'not an email' } }),
        registration({ mainContact: { name: 'a\u0000b', email: 'nul@downstream.example' } }),
        registration({ mainContact: { name: 'Dana' } }),
        registration({ servers: 0 }),
        registration({ servers: 100_001 }),
        registration({ servers: 2.5 }),
        registration({ tier: 'platinum' }),
        registration({ currency: 'XXX' }),
        registration({ note: 'x'.repeat(100_000) }),
        {},
      ];
      for (const body of hostile) {
        const response = await register(people.partnerMain, body);
        expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      const hostileUpgrades: object[] = [
        { partnerLevel: 'gold' },
        { partnerLevel: 'gold', justification: '   ' },
        { partnerLevel: 'gold', justification: 'a\u0000b' },
        { partnerLevel: 'gold', justification: 'x'.repeat(100_000) },
        { partnerLevel: 'diamond', justification: 'Because' },
        // The partner is silver: a level that is not higher is refused, naming the field.
        { partnerLevel: 'silver', justification: 'Because' },
        { partnerLevel: 'registered', justification: 'Because' },
      ];
      for (const body of hostileUpgrades) {
        const response = await askUpgrade(people.partnerMain, body);
        expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      }
      const notHigher = Problem.parse(
        (await askUpgrade(people.partnerMain, hostileUpgrades[5] ?? {})).json(),
      );
      expect(notHigher.errors?.map((error) => error.path)).toEqual(['body.partnerLevel']);
      expect((await context.database.db.select().from(changeRequests)).length).toBe(before);
    });

    it("refuses an email of the partner's own organization, or one a waiting registration names, with 409 naming the field", async () => {
      const own = await register(
        people.partnerMain,
        registration({ mainContact: { name: 'Me', email: people.partnerTechnical.email.toUpperCase() } }),
      );
      expect(own.statusCode).toBe(409);
      expect(Problem.parse(own.json()).errors?.map((error) => error.path)).toEqual([
        'body.mainContact.email',
      ]);

      const body = registration();
      await registered(people.partnerMain, body);
      const twice = await register(
        people.partnerAdministrative,
        registration({ mainContact: body.mainContact }),
      );
      expect(twice.statusCode).toBe(409);
      expect(Problem.parse(twice.json()).errors?.map((error) => error.path)).toEqual([
        'body.mainContact.email',
      ]);
    });

    it('does not tell a partner that an email is held elsewhere (decision 007): staff approving it get 409 and nothing changes', async () => {
      const body = registration({ mainContact: { name: 'Someone', email: people.customerMain.email } });
      const request = await registered(people.partnerMain, body);
      expect(request.emailInUse).toBe(false);
      const asPartner = ChangeRequest.parse(
        (await context.as(people.partnerMain).get(`/v1/change-requests/${request.id}`)).json(),
      );
      expect(asPartner.emailInUse).toBe(false);
      // Staff see the clash before they decide.
      const inbox = StaffChangeRequestPage.parse(
        (
          await context
            .as(people.accountManager)
            .get(`/v1/staff/change-requests?organizationId=${partnerId}&limit=100`)
        ).json(),
      );
      expect(inbox.items.find((item) => item.id === request.id)?.emailInUse).toBe(true);
      expect(inbox.items.filter((item) => item.emailInUse).map((item) => item.id)).toEqual([request.id]);
      const organizationsBefore = (await context.database.db.select().from(organizations)).length;
      const approval = await act(request.id, 'approve');
      expect(approval.statusCode).toBe(409);
      const problem = Problem.parse(approval.json());
      expect(problem.detail).toContain('already has an account');
      expect(problem.errors?.map((error) => error.path)).toEqual(['body.mainContact.email']);
      expect((await rowOf(request.id))?.status).toBe('submitted');
      expect((await context.database.db.select().from(organizations)).length).toBe(organizationsBefore);
      expect(
        (await act(request.id, 'decline', people.accountManager, { reason: 'Use another email' })).statusCode,
      ).toBe(200);
    });
  });

  describe('the state machine', () => {
    it('refuses with 409 and changes nothing: approving a declined registration, deciding an applied one twice', async () => {
      const body = registration();
      const declined = await registered(people.partnerMain, body);
      expect((await act(declined.id, 'decline')).statusCode).toBe(200);
      const declinedRow = await rowOf(declined.id);
      for (const action of ['approve', 'decline', 'start-review'] as const) {
        const response = await act(declined.id, action);
        expect(response.statusCode).toBe(409);
        expect(Problem.parse(response.json()).detail).toContain('declined');
      }
      expect(await rowOf(declined.id)).toEqual(declinedRow);
      expect(await organizationsNamed(body.organizationName)).toEqual([]);
      expect(await usersWithEmail(body.mainContact.email)).toEqual([]);

      const { main, partnerId: theirs } = await freshPartner('silver');
      const upgrade = await askedUpgrade(main, { partnerLevel: 'gold', justification: 'Ten end users' });
      expect((await act(upgrade.id, 'approve')).statusCode).toBe(200);
      const appliedRow = await rowOf(upgrade.id);
      for (const action of ['approve', 'decline', 'start-review'] as const) {
        const response = await act(upgrade.id, action, people.admin);
        expect(response.statusCode).toBe(409);
        expect(Problem.parse(response.json()).detail).toContain('applied');
      }
      expect(await rowOf(upgrade.id)).toEqual(appliedRow);
      expect(await levelOf(theirs)).toBe('gold');
    });

    it('lets exactly one of two concurrent approvals of a registration win: one organization, one pair of Welcome emails', async () => {
      const body = registration();
      const request = await registered(people.partnerMain, body);
      const responses = await Promise.all([
        act(request.id, 'approve'),
        act(request.id, 'approve', people.admin),
      ]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      expect(await organizationsNamed(body.organizationName)).toHaveLength(1);
      expect(await usersWithEmail(body.mainContact.email)).toHaveLength(1);
      expect((await welcomesTo(body.mainContact.email)).map((row) => row.kind).sort()).toEqual([
        'support_welcome',
        'welcome',
      ]);
      // A retried approval answers 409 and makes nothing more.
      expect((await act(request.id, 'approve')).statusCode).toBe(409);
      expect(await organizationsNamed(body.organizationName)).toHaveLength(1);
    });

    it('lets exactly one of a concurrent approval and decline of a level upgrade win', async () => {
      const { main, partnerId: theirs } = await freshPartner('registered');
      const request = await askedUpgrade(main, { partnerLevel: 'platinum', justification: 'Big deals' });
      const [approval, decline] = await Promise.all([act(request.id, 'approve'), act(request.id, 'decline')]);
      expect([approval?.statusCode, decline?.statusCode].sort()).toEqual([200, 409]);
      const row = await rowOf(request.id);
      if (approval?.statusCode === 200) {
        expect([row?.status, await levelOf(theirs)]).toEqual(['applied', 'platinum']);
      } else {
        expect([row?.status, await levelOf(theirs)]).toEqual(['declined', 'registered']);
      }
    });
  });

  describe('applying', () => {
    it("processes an approved registration as its Order Form: the end user registered by the partner, its subscription and main contact, both Welcome emails, and the partner's end-users list", async () => {
      const body = registration({ tier: 'premium', servers: 12, currency: 'USD' });
      const request = await registered(people.partnerAdministrative, body);
      expect((await act(request.id, 'start-review')).statusCode).toBe(200);
      const response = await act(request.id, 'approve', people.admin);
      expect(response.statusCode, response.body).toBe(200);
      const applied = ChangeRequest.parse(response.json());
      expect(applied).toMatchObject({
        status: 'applied',
        decidedBy: { id: people.admin.id },
        reviewedBy: { id: people.accountManager.id },
      });
      const endUserId = applied.endUser?.organizationId;
      if (!endUserId) throw new Error('no end user organization');

      const [organization] = await context.database.db
        .select()
        .from(organizations)
        .where(eq(organizations.id, endUserId));
      expect(organization).toMatchObject({
        name: body.organizationName,
        kind: 'customer',
        registeringPartnerId: partnerId,
        partnerLevel: null,
      });
      const [subscription] = await context.database.db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.organizationId, endUserId));
      expect(subscription).toMatchObject({
        tier: 'premium',
        servers: 12,
        currency: 'USD',
        status: 'active',
        termStart: '2026-10-20',
        termEnd: '2027-10-20',
      });
      const [form] = await context.database.db
        .select()
        .from(orderForms)
        .where(eq(orderForms.number, `CR-${request.id}`));
      expect(form).toMatchObject({ organizationId: endUserId, processedByUserId: people.admin.id });
      const [contact] = await usersWithEmail(body.mainContact.email);
      expect(contact).toMatchObject({ organizationId: endUserId, name: body.mainContact.name });
      expect((await welcomesTo(body.mainContact.email)).map((row) => row.kind).sort()).toEqual([
        'support_welcome',
        'welcome',
      ]);

      const endUsers = PartnerEndUserPage.parse(
        (await context.as(people.partnerMain).get('/v1/partner/end-users?limit=100')).json(),
      );
      expect(endUsers.items.find((item) => item.id === endUserId)).toMatchObject({
        name: body.organizationName,
        subscriptions: [{ tier: 'premium', servers: 12, status: 'active' }],
      });
      // The partner reads the outcome too.
      const seen = ChangeRequest.parse(
        (await context.as(people.partnerMain).get(`/v1/change-requests/${request.id}`)).json(),
      );
      expect(seen).toMatchObject({ status: 'applied', endUser: { organizationId: endUserId } });

      const audited = await context.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.targetId, request.id), eq(auditLog.action, 'change_request.applied')));
      expect(audited).toHaveLength(1);
      const processed = await context.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.targetId, `CR-${request.id}`));
      expect(processed.map((entry) => entry.action)).toEqual(['order_form.processed']);
    });

    it("changes the partner's level on approval and refuses a second open upgrade (409)", async () => {
      const { main, partnerId: theirs } = await freshPartner('silver');
      const request = await askedUpgrade(main, {
        partnerLevel: 'platinum',
        justification: 'Forty end users',
      });
      expect(request).toMatchObject({
        kind: 'partner_level_upgrade',
        subscription: null,
        currency: null,
        partnerLevel: 'platinum',
        fromPartnerLevel: 'silver',
        note: 'Forty end users',
      });
      const again = await askUpgrade(main, { partnerLevel: 'gold', justification: 'Or gold' });
      expect(again.statusCode).toBe(409);
      const response = await act(request.id, 'approve');
      expect(response.statusCode, response.body).toBe(200);
      expect(ChangeRequest.parse(response.json()).status).toBe('applied');
      expect(await levelOf(theirs)).toBe('platinum');
      const [entry] = await context.database.db
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.targetId, request.id), eq(auditLog.action, 'change_request.applied')));
      expect(entry?.details).toMatchObject({ before: 'silver', after: 'platinum' });
      // At the top level, nothing higher is left to ask for.
      expect((await askUpgrade(main, { partnerLevel: 'platinum', justification: 'More' })).statusCode).toBe(
        400,
      );
    });
  });

  it('emails the requester each decision (the decline with its reason) and the new main contact both Welcome emails', async () => {
    const { main, partnerId: theirs } = await freshPartner('registered');
    const body = registration();
    const approved = await registered(main, body);
    const declined = await askedUpgrade(main, { partnerLevel: 'gold', justification: 'We grew' });
    expect((await act(approved.id, 'approve')).statusCode).toBe(200);
    const decline = await act(declined.id, 'decline', people.accountManager, {
      reason: 'Gold needs two certified engineers',
    });
    expect(decline.statusCode).toBe(200);
    const seen = ChangeRequest.parse(
      (await context.as(main).get(`/v1/change-requests/${declined.id}`)).json(),
    );
    expect(seen).toMatchObject({ status: 'declined', declineReason: 'Gold needs two certified engineers' });
    expect(await levelOf(theirs)).toBe('registered');

    await waitUntil('every email job ran', async () => (await mail.emailJobsLeft()) === 0);
    const parsed = await Promise.all(mail.smtp.received.map((received) => simpleParser(received.raw)));
    const to = (address: string) =>
      parsed.filter((message) =>
        (Array.isArray(message.to) ? message.to : [message.to]).some((recipient) =>
          recipient?.value.some((value) => value.address === address),
        ),
      );
    const toMain = to(main.email);
    expect(toMain.map((message) => message.subject).sort()).toEqual([
      'Your change request was approved',
      'Your change request was declined',
    ]);
    expect(toMain.find((message) => message.subject?.includes('approved'))?.text).toContain(
      `${body.organizationName} is now registered as your end user`,
    );
    const declinedMail = toMain.find((message) => message.subject?.includes('declined'));
    expect(declinedMail?.text).toContain('Gold needs two certified engineers');
    expect(declinedMail?.text).toContain('partner level');
    expect(to(body.mainContact.email)).toHaveLength(2);
  });
});
