import { OrganizationSearchPage, Problem, StaffContactRequestPage, StaffOrganization } from '@portals/domain';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { subscriptions, users } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

/** A date `days` from today (UTC), as the API writes dates. */
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('the organization directory for staff', () => {
  const context = useTestApp();
  const people = {} as Record<
    'agent' | 'billing' | 'manager' | 'admin' | 'roleless' | 'main' | 'endUserMain',
    TestUser
  >;
  const ids = {} as Record<'acme' | 'partner' | 'endUser' | 'lapsed' | 'umbrella', string>;

  beforeAll(async () => {
    const { factories, database } = context;
    ids.acme = await factories.organization({
      name: 'Acme Rockets',
      tier: 'premium',
      subscription: { termStart: daysFromToday(-300), termEnd: daysFromToday(20) },
    });
    ids.partner = await factories.organization({
      name: 'Northwind Resellers',
      kind: 'partner',
      partnerLevel: 'gold',
      tier: 'advanced',
      subscription: { termStart: daysFromToday(-10), termEnd: daysFromToday(400) },
    });
    ids.endUser = await factories.organization({
      name: 'Contoso Labs',
      registeringPartnerId: ids.partner,
      tier: 'basic',
      subscription: { termStart: daysFromToday(-100), termEnd: daysFromToday(200) },
    });
    ids.lapsed = await factories.organization({ name: 'Lapsed 100%_Holdings', tier: 'basic' });
    await database.db
      .update(subscriptions)
      .set({ status: 'expired' })
      .where(eq(subscriptions.organizationId, ids.lapsed));

    people.agent = await factories.staff({ roles: ['support_agent'] });
    people.billing = await factories.staff({ roles: ['billing'] });
    people.manager = await factories.staff({ roles: ['account_manager'] });
    people.admin = await factories.staff({ roles: ['admin'] });
    people.roleless = await factories.staff({ roles: [] });
    people.main = await factories.contact({
      organizationId: ids.acme,
      roles: ['main'],
      email: 'wile.coyote@acme-rockets.test',
    });
    await factories.contact({ organizationId: ids.acme, roles: ['technical'] });
    people.endUserMain = await factories.contact({ organizationId: ids.endUser, roles: ['main'] });

    // An Order Form processed through the API, as staff do: its number finds the organization.
    const processed = await context.as(people.manager).post('/v1/order-forms', {
      number: 'OF-2026-7781',
      organization: { name: 'Umbrella Networks', kind: 'customer' },
      subscription: {
        tier: 'advanced',
        servers: 3,
        termStart: daysFromToday(-1),
        termEnd: daysFromToday(500),
        currency: 'EUR',
      },
      mainContact: { name: 'Olivia Onboard', email: 'olivia@umbrella-networks.test' },
    });
    expect(processed.statusCode).toBe(201);
    ids.umbrella = (processed.json() as { organizationId: string }).organizationId;
  });

  const search = async (query: string, as: TestUser = people.agent) => {
    const response = await context.as(as).get(`/v1/staff/organizations${query}`);
    expect(response.statusCode).toBe(200);
    return OrganizationSearchPage.parse(response.json());
  };
  const idsOf = (page: OrganizationSearchPage) => page.items.map((organization) => organization.id);

  describe('search', () => {
    it('finds an organization by a part of its name, any case, with its tier, main contact and next renewal', async () => {
      const page = await search('?q=ROCKET', people.billing);
      expect(page.items).toEqual([
        {
          id: ids.acme,
          name: 'Acme Rockets',
          kind: 'customer',
          tier: 'premium',
          registeringPartner: null,
          mainContact: { name: expect.any(String), email: 'wile.coyote@acme-rockets.test' },
          nextRenewalDate: daysFromToday(20),
        },
      ]);
    });

    it("finds an organization by a current contact's email or name", async () => {
      expect(idsOf(await search('?q=coyote%40ACME'))).toEqual([ids.acme]);
      const [endUserContact] = await context.database.db
        .select({ name: users.name })
        .from(users)
        .where(eq(users.id, people.endUserMain.id));
      expect(idsOf(await search(`?q=${encodeURIComponent(endUserContact?.name ?? '')}`))).toContain(
        ids.endUser,
      );
    });

    it('does not find an organization by the email of a contact who was removed', async () => {
      const departed = await context.factories.contact({
        organizationId: ids.lapsed,
        roles: ['technical'],
        email: 'gone.away@lapsed.test',
      });
      expect(idsOf(await search('?q=gone.away'))).toEqual([ids.lapsed]);
      await context.database.db.update(users).set({ removedAt: new Date() }).where(eq(users.id, departed.id));
      expect(idsOf(await search('?q=gone.away'))).toEqual([]);
    });

    it('finds an organization by a part of one of its Order Form numbers', async () => {
      expect(idsOf(await search('?q=of-2026-7781'))).toEqual([ids.umbrella]);
      expect(idsOf(await search('?q=7781'))).toEqual([ids.umbrella]);
    });

    it("names an end user's registering partner", async () => {
      const page = await search('?q=contoso');
      expect(page.items[0]?.registeringPartner).toEqual({ id: ids.partner, name: 'Northwind Resellers' });
    });

    it('takes % and _ as themselves, not as wildcards', async () => {
      expect(idsOf(await search(`?q=${encodeURIComponent('100%_')}`))).toEqual([ids.lapsed]);
      expect(idsOf(await search('?q=%25'))).toEqual([ids.lapsed]);
      expect(idsOf(await search('?q=_'))).toEqual([ids.lapsed]);
      expect(idsOf(await search(`?q=${encodeURIComponent('a%e')}`))).toEqual([]);
    });

    it('takes a backslash and quotes as text: nothing matches, nothing fails', async () => {
      for (const q of ['\\', '\\%', "'; drop table organizations; --", '"acme"']) {
        expect(idsOf(await search(`?q=${encodeURIComponent(q)}`))).toEqual([]);
      }
      expect(idsOf(await search('?q=acme'))).toEqual([ids.acme]);
    });
  });

  describe('filters', () => {
    it('by kind: direct customers, end users registered by a partner, partners', async () => {
      const customers = idsOf(await search('?kind=customer'));
      expect(customers).toEqual(expect.arrayContaining([ids.acme, ids.lapsed, ids.umbrella]));
      expect(customers).not.toContain(ids.endUser);
      expect(customers).not.toContain(ids.partner);
      expect(idsOf(await search('?kind=end_user'))).toEqual([ids.endUser]);
      expect(idsOf(await search('?kind=partner'))).toEqual([ids.partner]);
    });

    it('by tier: the highest tier of the active subscriptions', async () => {
      expect(idsOf(await search('?tier=premium'))).toEqual([ids.acme]);
      expect(idsOf(await search('?tier=basic'))).toEqual([ids.endUser]);
      expect(idsOf(await search('?tier=advanced'))).toEqual([ids.partner, ids.umbrella]);
    });

    it('by subscription status', async () => {
      expect(idsOf(await search('?subscriptionStatus=expired'))).toEqual([ids.lapsed]);
      expect(idsOf(await search('?subscriptionStatus=active'))).not.toContain(ids.lapsed);
      expect(idsOf(await search('?subscriptionStatus=cancelled'))).toEqual([]);
    });

    it('by renewal within N days: an active subscription ending from today to N days ahead', async () => {
      expect(idsOf(await search('?renewalWithinDays=30'))).toEqual([ids.acme]);
      expect(idsOf(await search('?renewalWithinDays=250'))).toEqual([ids.acme, ids.endUser]);
      expect(idsOf(await search('?renewalWithinDays=10'))).toEqual([]);
    });

    it('combines search and filters', async () => {
      expect(idsOf(await search('?q=o&kind=partner&tier=advanced'))).toEqual([ids.partner]);
      expect(idsOf(await search('?q=northwind&kind=customer'))).toEqual([]);
    });
  });

  it('pages through the directory by name without repeats, at most 25 a page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((organization) => organization.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual([
      'Acme Rockets',
      'Contoso Labs',
      'Lapsed 100%_Holdings',
      'Northwind Resellers',
      'Umbrella Networks',
    ]);
    expect(pages).toBe(3);
    const filtered = await search('?kind=customer&limit=1');
    const next = await search(
      `?kind=customer&limit=1&cursor=${encodeURIComponent(filtered.nextCursor ?? '')}`,
    );
    expect(idsOf(next)).toEqual([ids.lapsed]);
    expect((await context.as(people.agent).get('/v1/staff/organizations?limit=26')).statusCode).toBe(400);
  });

  describe('hostile input', () => {
    const refused = async (query: string) => {
      const response = await context.as(people.agent).get(`/v1/staff/organizations${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      return Problem.parse(response.json());
    };

    it('refuses a NUL character in q with a problem naming the field', async () => {
      const problem = await refused('?q=acme%00rockets');
      expect(problem.code).toBe('validation_failed');
      expect(JSON.stringify(problem)).toContain('q');
    });

    it('refuses a q longer than 200 characters, and an empty one', async () => {
      await refused(`?q=${'a'.repeat(201)}`);
      await refused(`?q=${'%25'.repeat(5000)}`);
      await refused('?q=%20%20');
    });

    it('refuses unknown filter values and a forged cursor', async () => {
      await refused('?kind=reseller');
      await refused('?tier=gold');
      await refused('?subscriptionStatus=paused');
      await refused('?renewalWithinDays=-1');
      await refused('?renewalWithinDays=367');
      await refused('?renewalWithinDays=1.5');
      await refused(`?cursor=${Buffer.from('["a","not-an-id"]').toString('base64url')}`);
    });
  });

  describe('who may read it', () => {
    it('every staff role that reads organizations: support, billing, account managers, admins', async () => {
      for (const reader of [people.agent, people.billing, people.manager, people.admin]) {
        expect(idsOf(await search('?q=acme', reader))).toEqual([ids.acme]);
      }
    });

    it("refuses contacts (403) and a contact's API token (403), whatever their role", async () => {
      for (const contact of [people.main, people.endUserMain]) {
        const response = await context.as(contact).get('/v1/staff/organizations?q=a');
        expect(response.statusCode).toBe(403);
        expect(Problem.parse(response.json()).code).toBe('forbidden');
      }
      const { token } = await context.factories.apiToken(people.main);
      expect((await context.asToken(token).get('/v1/staff/organizations?q=a')).statusCode).toBe(403);
    });

    it('answers 401 without credentials or with a token that is not one', async () => {
      expect((await context.app.inject({ method: 'GET', url: '/v1/staff/organizations' })).statusCode).toBe(
        401,
      );
      expect((await context.asToken('not-a-token').get('/v1/staff/organizations')).statusCode).toBe(401);
    });

    it('refuses staff without organization:read:any: no role, an admin before two-factor sign-in, a narrower token', async () => {
      expect((await context.as(people.roleless).get('/v1/staff/organizations')).statusCode).toBe(403);
      const adminWithoutTwoFactor = { ...people.admin, claims: { ...people.admin.claims, mfa: false } };
      expect((await context.as(adminWithoutTwoFactor).get('/v1/staff/organizations')).statusCode).toBe(403);
      const { token } = await context.factories.apiToken(people.agent, { scopes: ['ticket:read:any'] });
      expect((await context.asToken(token).get('/v1/staff/organizations')).statusCode).toBe(403);
      expect((await context.asToken(token).get(`/v1/staff/organizations/${ids.acme}`)).statusCode).toBe(403);
    });
  });

  describe('GET /v1/staff/organizations/:organizationId', () => {
    it('gives staff the organization with its contacts and roles, seat use and Order Forms', async () => {
      const response = await context.as(people.billing).get(`/v1/staff/organizations/${ids.umbrella}`);
      expect(response.statusCode).toBe(200);
      const organization = StaffOrganization.parse(response.json());
      expect(organization).toMatchObject({
        id: ids.umbrella,
        name: 'Umbrella Networks',
        kind: 'customer',
        partnerLevel: null,
        registeringPartner: null,
        tier: 'advanced',
        seats: { included: 1, additional: 0, inUse: 1, available: 0 },
      });
      expect(organization.contacts).toEqual([
        expect.objectContaining({ email: 'olivia@umbrella-networks.test', roles: ['main'] }),
      ]);
      expect(organization.orderForms.map((form) => form.number)).toEqual(['OF-2026-7781']);
    });

    it("counts the seats in use of an organization with a main and a technical contact, and names an end user's partner", async () => {
      const acme = StaffOrganization.parse(
        (await context.as(people.agent).get(`/v1/staff/organizations/${ids.acme}`)).json(),
      );
      expect(acme.seats).toEqual({ included: 2, additional: 0, inUse: 2, available: 0 });
      expect(acme.contacts.map((contact) => contact.roles).sort()).toEqual([['main'], ['technical']]);
      const contoso = StaffOrganization.parse(
        (await context.as(people.agent).get(`/v1/staff/organizations/${ids.endUser}`)).json(),
      );
      expect(contoso.registeringPartner).toEqual({ id: ids.partner, name: 'Northwind Resellers' });
    });

    it('answers 404 for an organization that does not exist, 400 for an id that is not one, 403 to contacts', async () => {
      const missing = await context
        .as(people.agent)
        .get('/v1/staff/organizations/00000000-0000-4000-8000-000000000000');
      expect(missing.statusCode).toBe(404);
      expect(Problem.parse(missing.json()).code).toBe('not_found');
      expect((await context.as(people.agent).get('/v1/staff/organizations/not-an-id')).statusCode).toBe(400);
      expect((await context.as(people.main).get(`/v1/staff/organizations/${ids.acme}`)).statusCode).toBe(403);
      expect((await context.as(people.roleless).get(`/v1/staff/organizations/${ids.acme}`)).statusCode).toBe(
        403,
      );
    });
  });

  it("lists one organization's contact requests for staff with organizationId", async () => {
    const created = await context.as(people.main).post('/v1/contact-requests', {
      kind: 'technical_contact',
      name: 'Road Runner',
      email: 'road.runner@acme-rockets.test',
    });
    expect(created.statusCode).toBe(201);
    const ofAcme = StaffContactRequestPage.parse(
      (await context.as(people.agent).get(`/v1/staff/contact-requests?organizationId=${ids.acme}`)).json(),
    );
    expect(ofAcme.items.map((request) => request.email)).toEqual(['road.runner@acme-rockets.test']);
    const ofOthers = StaffContactRequestPage.parse(
      (await context.as(people.agent).get(`/v1/staff/contact-requests?organizationId=${ids.endUser}`)).json(),
    );
    expect(ofOthers.items).toEqual([]);
  });
});
