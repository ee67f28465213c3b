import { OrderFormResult, Problem, Session } from '@portals/domain';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  contactRoles,
  emailOutbox,
  oneTimeTokens,
  organizations,
  subscriptions,
  users,
} from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';

let sequence = 0;
const orderForm = (overrides: Record<string, unknown> = {}) => {
  sequence += 1;
  return {
    number: `OF-2026-${String(sequence).padStart(4, '0')}`,
    organization: { name: `Umbrella ${sequence}`, kind: 'customer' },
    subscription: {
      tier: 'premium',
      servers: 12,
      termStart: '2026-12-01',
      termEnd: '2027-11-30',
      currency: 'EUR',
    },
    mainContact: { name: 'Alice Main', email: `alice-${sequence}@umbrella.example` },
    administrativeContact: { name: 'Adam Admin', email: `adam-${sequence}@umbrella.example` },
    ...overrides,
  };
};

describe('processing an Order Form', () => {
  const context = useTestApp();
  let accountManager: TestUser;

  beforeAll(async () => {
    accountManager = await context.factories.staff({ roles: ['account_manager'] });
  });

  const submit = (form: object, as: TestUser = accountManager) =>
    context.as(as).post('/v1/order-forms', form);
  const counts = async () => ({
    organizations: (await context.database.db.select().from(organizations)).length,
    users: (await context.database.db.select().from(users)).length,
    emails: (await context.database.db.select().from(emailOutbox)).length,
    links: (await context.database.db.select().from(oneTimeTokens)).length,
  });

  it('creates the organization, subscription and contacts, and sends one set-password link, in the Welcome email, which signs in to both portals', async () => {
    const form = orderForm();
    const response = await submit(form);
    expect(response.statusCode).toBe(201);
    const result = OrderFormResult.parse(response.json());

    const [subscription] = await context.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.organizationId, result.organizationId));
    expect(subscription).toMatchObject({ tier: 'premium', servers: 12, currency: 'EUR', status: 'active' });
    const roles = await context.database.db
      .select({ userId: contactRoles.userId, role: contactRoles.role })
      .from(contactRoles)
      .where(eq(contactRoles.organizationId, result.organizationId));
    expect(roles).toEqual(
      expect.arrayContaining([
        { userId: result.mainContactId, role: 'main' },
        { userId: result.administrativeContactId, role: 'administrative' },
      ]),
    );

    const mails = await context.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.organizationId, result.organizationId));
    const toMain = mails.filter((mail) => mail.toAddresses.includes(form.mainContact.email));
    expect(toMain.map((mail) => mail.kind).sort()).toEqual(['support_welcome', 'welcome']);
    expect(mails.filter((mail) => mail.toAddresses.includes(form.administrativeContact.email))).toHaveLength(
      1,
    );

    // One link for one account: the Welcome email's sets the password; the Support Welcome email only
    // points to the Support Portal's sign-in page, with no token of its own.
    const welcome = toMain.find((mail) => mail.kind === 'welcome');
    const supportWelcome = toMain.find((mail) => mail.kind === 'support_welcome');
    const links = toMain.flatMap((mail) => [
      ...`${mail.textBody}${mail.htmlBody}`.matchAll(/token=([\w-]+)/g),
    ]);
    expect(new Set(links.map((match) => match[1])).size).toBe(1);
    expect(supportWelcome?.textBody).not.toContain('token=');
    expect(supportWelcome?.htmlBody).not.toContain('token=');
    expect(supportWelcome?.textBody).toContain('/support/sign-in');
    expect(supportWelcome?.textBody).toContain('Welcome to the Subscriber Portal');
    const tokens = await context.database.db
      .select()
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.userId, result.mainContactId));
    expect(tokens.map((token) => token.purpose)).toEqual(['invitation']);

    const link = welcome?.textBody.match(/\/subscriber\/set-password\?token=([\w-]+)/);
    const signedIn = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/set-password',
      payload: { token: link?.[1], password: 'a good passphrase for both portals' },
    });
    expect(signedIn.statusCode).toBe(200);
    const session = Session.parse(signedIn.json());
    expect(session.me).toMatchObject({ contactRoles: ['main'], tier: 'premium' });
    // The same password signs in to the Support Portal (the same account, the same sign-in).
    const again = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: form.mainContact.email, password: 'a good passphrase for both portals' },
    });
    expect(again.statusCode).toBe(200);
    expect(session.me.permissions).toEqual(
      expect.arrayContaining(['ticket:write:own', 'subscription:read:org']),
    );

    // The administrative contact works in the Subscriber Portal only: one Welcome email, no mention of support.
    const toAdministrative = mails.filter((mail) =>
      mail.toAddresses.includes(form.administrativeContact.email),
    );
    expect(toAdministrative.map((mail) => mail.kind)).toEqual(['welcome']);
    expect(toAdministrative[0]?.textBody).not.toContain('Support Portal');
  });

  it('creates nothing twice when the same form is submitted again, even at the same moment', async () => {
    const form = orderForm({ administrativeContact: undefined });
    const [first, second] = await Promise.all([submit(form), submit(form)]);
    expect([first?.statusCode, second?.statusCode].sort()).toEqual([200, 201]);
    expect([first?.json().created, second?.json().created].sort()).toEqual([false, true]);
    expect(OrderFormResult.parse(first?.json()).organizationId).toBe(
      OrderFormResult.parse(second?.json()).organizationId,
    );
    const before = await counts();
    const again = await submit(form);
    expect(again.statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('refuses another form under a number already processed', async () => {
    const form = orderForm();
    await submit(form);
    const before = await counts();
    const response = await submit({ ...form, subscription: { ...form.subscription, servers: 99 } });
    expect(response.statusCode).toBe(409);
    expect(Problem.parse(response.json()).errors?.[0]?.path).toBe('body.number');
    expect(await counts()).toEqual(before);
  });

  it('answers field errors for an invalid form and changes nothing', async () => {
    const before = await counts();
    const response = await submit(
      orderForm({
        organization: { name: 'Partner Co', kind: 'partner' },
        subscription: {
          tier: 'gold',
          servers: 0,
          termStart: '2027-01-01',
          termEnd: '2026-01-01',
          currency: 'euro',
        },
        mainContact: { name: '', email: 'not-an-email' },
      }),
    );
    expect(response.statusCode).toBe(400);
    const paths = Problem.parse(response.json()).errors?.map((error) => error.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.organization.partnerLevel',
        'body.subscription.tier',
        'body.subscription.servers',
        'body.subscription.currency',
        'body.mainContact.name',
        'body.mainContact.email',
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a contact who already has an account, and changes nothing', async () => {
    const existing = await context.factories.contact({
      organizationId: await context.factories.organization(),
      roles: ['main'],
    });
    const before = await counts();
    const response = await submit(
      orderForm({ mainContact: { name: 'Taken', email: existing.email.toUpperCase() } }),
    );
    expect(response.statusCode).toBe(409);
    expect(Problem.parse(response.json()).errors?.[0]?.path).toBe('body.mainContact.email');
    expect(await counts()).toEqual(before);
  });

  it('links an end user to the partner that registered it, and refuses a partner that is not one', async () => {
    const partner = await submit(
      orderForm({ organization: { name: 'Reseller', kind: 'partner', partnerLevel: 'silver' } }),
    );
    const partnerId = OrderFormResult.parse(partner.json()).organizationId;
    const endUser = await submit(
      orderForm({ organization: { name: 'End User', kind: 'customer', registeringPartnerId: partnerId } }),
    );
    const [row] = await context.database.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, OrderFormResult.parse(endUser.json()).organizationId));
    expect(row?.registeringPartnerId).toBe(partnerId);
    const customerId = await context.factories.organization();
    const wrong = await submit(
      orderForm({ organization: { name: 'Nope', kind: 'customer', registeringPartnerId: customerId } }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(Problem.parse(wrong.json()).errors?.[0]?.path).toBe('body.organization.registeringPartnerId');
  });

  it('is for account managers and admins only', async () => {
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const contact = await context.factories.contact({
      organizationId: await context.factories.organization(),
      roles: ['main'],
    });
    expect((await submit(orderForm(), agent)).statusCode).toBe(403);
    expect((await submit(orderForm(), contact)).statusCode).toBe(403);
  });

  describe('delivery', () => {
    const mail = useMailDelivery(
      () => context.database,
      () => testConfig(),
    );
    /** The message as sent, with quoted-printable soft breaks and escapes undone where links live. */
    const readable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');

    it('delivers over SMTP one link per person: the main contact two emails and one token, the administrative contact one', async () => {
      const form = orderForm();
      expect((await submit(form)).statusCode).toBe(201);
      const to = (email: string) => mail.smtp.received.filter((sent) => sent.to.includes(email));
      await waitUntil(
        'the three welcome emails arrived',
        () => to(form.mainContact.email).length === 2 && to(form.administrativeContact.email).length === 1,
      );
      const toMain = to(form.mainContact.email).map((sent) => readable(sent.raw));
      const tokens = new Set(
        toMain.flatMap((raw) => [...raw.matchAll(/set-password\?token=([\w-]+)/g)].map((m) => m[1])),
      );
      expect(tokens.size).toBe(1);
      const support = toMain.find((raw) => raw.includes('Subject: Welcome to the Support Portal'));
      expect(support).toBeDefined();
      expect(support).not.toContain('token=');
      expect(support).toMatch(/https?:\/\/[^/\s]+\/support\/sign-in/);
      const administrative = readable(to(form.administrativeContact.email)[0]?.raw ?? '');
      expect(administrative).toContain('Subject: Welcome to the Subscriber Portal');
      expect(administrative).toMatch(/https?:\/\/[^/\s]+\/subscriber\/set-password\?token=/);
      // Submitting the same form again sends nothing more.
      expect((await submit(form)).statusCode).toBe(200);
      await waitUntil('no email job is left', async () => (await mail.emailJobsLeft()) === 0);
      expect(to(form.mainContact.email)).toHaveLength(2);
    });
  });
});
