import { AlertList, Problem, StaffAlert, StaffAlertList } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  alerts,
  emailOutbox,
  emailPreferences,
  products,
  subscriptions,
  users,
} from '../src/db/schema/index';
import { scopeOf, withScope } from '../src/db/scope';
import { queueAlertEmails } from '../src/modules/alerts/repository';
import { contactActor, type TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';

const config = testConfig({ PUBLIC_URL: 'https://portals.example' });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('alerts', () => {
  const context = useTestApp({ config });
  let vOneCloud: string;
  let enterprise: string;
  // Premium vOneCloud: every role, one who turned alert emails off, one who left.
  let premiumMain: TestUser;
  let premiumTechnical: TestUser;
  let premiumAdministrative: TestUser;
  let premiumOptedOut: TestUser;
  let premiumRemoved: TestUser;
  // Basic vOneCloud; premium OpenNebula Enterprise Edition; premium Enterprise with basic vOneCloud.
  let basicTechnical: TestUser;
  let enterpriseTechnical: TestUser;
  let mixedTechnical: TestUser;
  // No active subscription at all.
  let lapsedMain: TestUser;
  let agent: TestUser;
  let billing: TestUser;

  const contacts = () => [
    premiumMain,
    premiumTechnical,
    premiumAdministrative,
    premiumOptedOut,
    basicTechnical,
    enterpriseTechnical,
    mixedTechnical,
    lapsedMain,
  ];

  beforeAll(async () => {
    const { database, factories } = context;
    const catalogue = await database.db.select({ id: products.id, name: products.name }).from(products);
    const productNamed = (name: string) => catalogue.find((product) => product.name === name)?.id ?? '';
    vOneCloud = productNamed('vOneCloud');
    enterprise = productNamed('OpenNebula Enterprise Edition');

    const premium = await factories.organization({ tier: 'premium', subscription: { productId: vOneCloud } });
    premiumMain = await factories.contact({ organizationId: premium, roles: ['main'] });
    premiumTechnical = await factories.contact({ organizationId: premium, roles: ['technical'] });
    premiumAdministrative = await factories.contact({ organizationId: premium, roles: ['administrative'] });
    premiumOptedOut = await factories.contact({ organizationId: premium, roles: ['technical'] });
    premiumRemoved = await factories.contact({ organizationId: premium, roles: ['technical'] });
    await database.db
      .insert(emailPreferences)
      .values({ userId: premiumOptedOut.id, organizationId: premium, kind: 'alert', enabled: false });
    await database.db.update(users).set({ removedAt: new Date() }).where(eq(users.id, premiumRemoved.id));

    const basic = await factories.organization({ tier: 'basic', subscription: { productId: vOneCloud } });
    basicTechnical = await factories.contact({ organizationId: basic, roles: ['technical'] });
    const enterpriseCustomer = await factories.organization({
      tier: 'premium',
      subscription: { productId: enterprise },
    });
    enterpriseTechnical = await factories.contact({
      organizationId: enterpriseCustomer,
      roles: ['technical'],
    });
    const mixed = await factories.organization({ tier: 'premium', subscription: { productId: enterprise } });
    await database.db.insert(subscriptions).values({
      organizationId: mixed,
      tier: 'basic',
      productId: vOneCloud,
      servers: 2,
      termStart: '2026-01-01',
      termEnd: '2027-01-01',
    });
    mixedTechnical = await factories.contact({ organizationId: mixed, roles: ['technical'] });
    const lapsed = await factories.organization({ tier: 'premium', subscription: { productId: vOneCloud } });
    await database.db
      .update(subscriptions)
      .set({ status: 'expired' })
      .where(eq(subscriptions.organizationId, lapsed));
    lapsedMain = await factories.contact({ organizationId: lapsed, roles: ['main', 'technical'] });

    agent = await factories.staff({ roles: ['support_agent'] });
    billing = await factories.staff({ roles: ['billing'] });
  });

  const newAlert = (overrides: Record<string, unknown> = {}) => ({
    kind: 'maintenance',
    title: `Maintenance ${Math.random().toString(36).slice(2, 8)}`,
    body: 'The **update servers** are down on Saturday from 02:00 to 04:00 UTC.',
    activeUntil: inDays(3),
    audience: { tiers: [], productIds: [], roles: [] },
    ...overrides,
  });
  const publish = async (body: object, headers: Record<string, string> = {}) => {
    const response = await context.as(agent).post('/v1/staff/alerts', body, { headers });
    expect(response.statusCode, response.body).toBe(201);
    return StaffAlert.parse(response.json());
  };
  const alertsOf = async (person: TestUser) => {
    const response = await context.as(person).get('/v1/alerts');
    expect(response.statusCode).toBe(200);
    return AlertList.parse(response.json()).items;
  };
  /** The contacts among `contacts()` who read the alert. */
  const readersOf = async (alertId: string) => {
    const readers: string[] = [];
    for (const person of contacts()) {
      if ((await alertsOf(person)).some((alert) => alert.id === alertId)) readers.push(person.email);
    }
    return readers.sort();
  };
  /** Whom the outbox addressed the alert to. */
  const emailedFor = async (title: string) =>
    (
      await context.database.db
        .select({ to: emailOutbox.toAddresses })
        .from(emailOutbox)
        .where(sql`${emailOutbox.subject} like ${`%${title}`}`)
    )
      .flatMap((row) => row.to)
      .sort();
  const emails = (...people: TestUser[]) => people.map((person) => person.email).sort();

  describe('refusals', () => {
    it('lets neither contacts, nor API tokens, nor billing staff publish, and stores nothing', async () => {
      const title = 'Forged advisory';
      const { token } = await context.factories.apiToken(premiumMain, { scopes: ['ticket:read:org'] });
      const answers = [
        await context.as(premiumMain).post('/v1/staff/alerts', newAlert({ title })),
        await context.asToken(token).post('/v1/staff/alerts', newAlert({ title })),
        await context.as(billing).post('/v1/staff/alerts', newAlert({ title })),
      ];
      expect(answers.map((answer) => answer.statusCode)).toEqual([403, 403, 403]);
      expect(await context.database.db.select().from(alerts).where(eq(alerts.title, title))).toEqual([]);
    });

    it('refuses hostile input with problem details, before anything is written', async () => {
      const cases: [object, number, string][] = [
        [newAlert({ kind: 'marketing' }), 400, 'body.kind'],
        [newAlert({ title: '   ' }), 400, 'body.title'],
        [newAlert({ body: 'x\u0000y' }), 400, 'body.body'],
        [newAlert({ body: 'x'.repeat(20_001) }), 400, 'body.body'],
        [
          newAlert({ audience: { tiers: ['platinum'], productIds: [], roles: [] } }),
          400,
          'body.audience.tiers.0',
        ],
        [
          newAlert({ audience: { tiers: [], productIds: [], roles: ['owner'] } }),
          400,
          'body.audience.roles.0',
        ],
        [newAlert({ activeUntil: inDays(-1) }), 400, 'body.activeUntil'],
        [
          newAlert({
            audience: { tiers: [], productIds: ['00000000-0000-4000-8000-000000000000'], roles: [] },
          }),
          422,
          'body.audience.productIds.0',
        ],
      ];
      const before = (await context.database.db.select({ id: alerts.id }).from(alerts)).length;
      for (const [body, status, path] of cases) {
        const response = await context.as(agent).post('/v1/staff/alerts', body);
        expect(response.statusCode, path).toBe(status);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(Problem.parse(response.json()).errors?.map((error) => error.path)).toContain(path);
      }
      expect((await context.database.db.select({ id: alerts.id }).from(alerts)).length).toBe(before);
    });

    it('does not let anyone dismiss an alert that does not reach them: 404, as if it did not exist', async () => {
      const alert = await publish(newAlert({ audience: { tiers: ['basic'], productIds: [], roles: [] } }));
      for (const person of [premiumTechnical, enterpriseTechnical, agent]) {
        const response = await context.as(person).post(`/v1/alerts/${alert.id}/dismissal`);
        expect(response.statusCode, person.email).toBe(404);
      }
      expect((await context.as(basicTechnical).post(`/v1/alerts/${alert.id}/dismissal`)).statusCode).toBe(
        204,
      );
    });

    it('shows contacts the alert, never its audience, its publisher or how many it reached', async () => {
      const alert = await publish(newAlert());
      const [seen] = (await alertsOf(premiumTechnical)).filter((item) => item.id === alert.id);
      expect(Object.keys(seen ?? {}).sort()).toEqual(
        ['active', 'activeUntil', 'body', 'dismissed', 'id', 'kind', 'publishedAt', 'title'].sort(),
      );
      const raw = (await context.as(premiumTechnical).get('/v1/alerts')).body;
      expect(raw).not.toContain(agent.id);
      expect(raw).not.toContain('audience');
      expect(raw).not.toContain('emailsQueued');
    });
  });

  describe('the audience, selected in SQL', () => {
    it('reaches exactly tier × product × role, in the portal and by email', async () => {
      const title = `Premium vOneCloud technical ${Date.now()}`;
      const alert = await publish(
        newAlert({ title, audience: { tiers: ['premium'], productIds: [vOneCloud], roles: ['technical'] } }),
      );
      // Not the main or administrative contact; not basic, not Enterprise, not premium Enterprise with basic
      // vOneCloud (tier and product must be one subscription's); not a lapsed subscription.
      expect(await readersOf(alert.id)).toEqual(emails(premiumTechnical, premiumOptedOut));
      // The email honours the preference of the one who turned alert emails off; the removed contact gets none.
      expect(await emailedFor(title)).toEqual(emails(premiumTechnical));
      expect(alert.emailsQueued).toBe(1);
      expect(alert.publishedBy?.id).toBe(agent.id);
    });

    it('reaches every role of every subscribed organization when nothing narrows it', async () => {
      const title = `Everyone ${Date.now()}`;
      const alert = await publish(newAlert({ kind: 'incident', title }));
      expect(await readersOf(alert.id)).toEqual(
        emails(
          premiumMain,
          premiumTechnical,
          premiumAdministrative,
          premiumOptedOut,
          basicTechnical,
          enterpriseTechnical,
          mixedTechnical,
        ),
      );
      expect(await emailedFor(title)).toEqual(
        emails(
          premiumMain,
          premiumTechnical,
          premiumAdministrative,
          basicTechnical,
          enterpriseTechnical,
          mixedTechnical,
        ),
      );
    });

    it('sends a security advisory to those who turned alert emails off, never to a removed contact', async () => {
      const title = `Advisory ${Date.now()}`;
      await publish(
        newAlert({
          kind: 'security_advisory',
          title,
          audience: { tiers: ['premium'], productIds: [vOneCloud], roles: [] },
        }),
      );
      expect(await emailedFor(title)).toEqual(
        emails(premiumMain, premiumTechnical, premiumAdministrative, premiumOptedOut),
      );
      expect(await emailedFor(title)).not.toContain(premiumRemoved.email);
    });

    it('links each contact to the portal they use: support for technical and main, subscriber otherwise', async () => {
      const title = `Links ${Date.now()}`;
      await publish(
        newAlert({ title, audience: { tiers: ['premium'], productIds: [vOneCloud], roles: [] } }),
      );
      const rows = await context.database.db
        .select({ to: emailOutbox.toAddresses, text: emailOutbox.textBody, kind: emailOutbox.kind })
        .from(emailOutbox)
        .where(sql`${emailOutbox.subject} like ${`%${title}`}`);
      const textTo = (person: TestUser) => rows.find((row) => row.to.includes(person.email))?.text ?? '';
      expect(textTo(premiumTechnical)).toContain('https://portals.example/support/alerts');
      expect(textTo(premiumAdministrative)).toContain('https://portals.example/subscriber/alerts');
      expect(rows.every((row) => row.kind === 'alert')).toBe(true);
      // Markdown is quoted as text, not rendered, in the email.
      expect(textTo(premiumTechnical)).toContain('> The **update servers** are down');
    });

    it('is enforced by row-level security too: an unfiltered read shows a contact only their audience', async () => {
      const forBasic = await publish(newAlert({ audience: { tiers: ['basic'], productIds: [], roles: [] } }));
      const forMain = await publish(newAlert({ audience: { tiers: [], productIds: [], roles: ['main'] } }));
      const [basicOrganization] = await context.database.db
        .select({ id: users.organizationId })
        .from(users)
        .where(eq(users.id, basicTechnical.id));
      const unfiltered = await withScope(
        context.database.db,
        scopeOf(contactActor(basicTechnical.id, basicOrganization?.id ?? '')),
        (tx) => tx.select({ id: alerts.id }).from(alerts),
      );
      const seen = unfiltered.map((row) => row.id);
      expect(seen).toContain(forBasic.id);
      // The actor claims the main role; the policy reads the roles the contact really holds.
      expect(seen).not.toContain(forMain.id);
    });

    it('gives staff the audience back, and no alert of their own in the portals’ list', async () => {
      const alert = await publish(
        newAlert({ audience: { tiers: ['basic', 'premium'], productIds: [enterprise], roles: ['main'] } }),
      );
      const response = await context.as(agent).get('/v1/staff/alerts');
      expect(response.statusCode).toBe(200);
      const listed = StaffAlertList.parse(response.json()).items.find((item) => item.id === alert.id);
      expect(listed?.audience).toEqual({
        tiers: ['basic', 'premium'],
        productIds: [enterprise],
        roles: ['main'],
      });
      expect(listed?.publishedBy?.id).toBe(agent.id);
      expect(await alertsOf(agent)).toEqual([]);
      expect((await context.as(premiumMain).get('/v1/staff/alerts')).statusCode).toBe(403);
    });
  });

  it('publishes once per Idempotency-Key, and sending again emails nobody twice', async () => {
    const title = `Idempotent ${Date.now()}`;
    const body = newAlert({ title, audience: { tiers: ['basic'], productIds: [], roles: [] } });
    const first = await publish(body, { 'idempotency-key': `alert-${title.replaceAll(' ', '-')}` });
    const retry = await publish(body, { 'idempotency-key': `alert-${title.replaceAll(' ', '-')}` });
    expect(retry.id).toBe(first.id);
    // Basic: the basic customer, and the premium one that also holds a basic subscription.
    expect(await emailedFor(title)).toEqual(emails(basicTechnical, mixedTechnical));

    const agentActor = {
      userId: agent.id,
      kind: 'staff' as const,
      organizationId: null,
      contactRoles: [],
      staffRoles: ['support_agent' as const],
      tier: null,
      twoFactorVerified: true,
      scopes: null,
    };
    const again = await withScope(context.database.db, scopeOf(agentActor), (tx) =>
      queueAlertEmails(tx, first.id, {
        mandatory: false,
        support: { subject: title, text: 'x', html: 'x' },
        subscriber: { subject: title, text: 'x', html: 'x' },
      }),
    );
    expect(again).toBe(0);
    expect(await emailedFor(title)).toEqual(emails(basicTechnical, mixedTechnical));
  });

  it('keeps a dismissed alert on the alerts page, marked dismissed, and an expired one as inactive', async () => {
    const alert = await publish(newAlert({ audience: { tiers: ['basic'], productIds: [], roles: [] } }));
    expect((await alertsOf(basicTechnical)).find((item) => item.id === alert.id)).toMatchObject({
      dismissed: false,
      active: true,
    });
    expect((await context.as(basicTechnical).post(`/v1/alerts/${alert.id}/dismissal`)).statusCode).toBe(204);
    // Twice is fine: the banner stays closed.
    expect((await context.as(basicTechnical).post(`/v1/alerts/${alert.id}/dismissal`)).statusCode).toBe(204);
    await context.database.db
      .update(alerts)
      .set({ activeUntil: new Date(Date.now() - 1000) })
      .where(eq(alerts.id, alert.id));
    expect((await alertsOf(basicTechnical)).find((item) => item.id === alert.id)).toMatchObject({
      dismissed: true,
      active: false,
    });
  });

  describe('delivery', () => {
    const mail = useMailDelivery(
      () => context.database,
      () => config,
    );

    it('delivers the alert to the SMTP server, one message per contact', async () => {
      const title = `Delivered ${Date.now()}`;
      await publish(
        newAlert({
          kind: 'security_advisory',
          title,
          audience: { tiers: ['premium'], productIds: [enterprise], roles: [] },
        }),
      );
      const expected = emails(enterpriseTechnical, mixedTechnical);
      const received = () => mail.smtp.received.filter((sent) => sent.raw.includes(title));
      await waitUntil('both alert emails arrived', () => received().length === expected.length);
      expect(
        received()
          .map((mail) => mail.to)
          .sort(),
      ).toEqual(expected.map((email) => [email]));
      expect(received()[0]?.raw).toContain('Subject: [Security advisory]');
    });
  });
});
