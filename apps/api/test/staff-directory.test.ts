import {
  OrganizationContactList,
  OrganizationSearchPage,
  Problem,
  StaffMemberPage,
  TicketPage,
} from '@portals/domain';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';
import { createTicket } from './ticket-fixtures';

describe('staff directory', () => {
  const context = useTestApp();
  const people = {} as Record<
    'agent' | 'manager' | 'billing' | 'admin' | 'departedAgent' | 'main' | 'technical' | 'otherTechnical',
    TestUser
  >;
  let acme: string;
  let globex: string;
  let initech: string;

  beforeAll(async () => {
    const { database, factories } = context;
    acme = await factories.organization({ name: 'Acme Rockets', tier: 'premium' });
    globex = await factories.organization({ name: 'Globex 100%_Widgets', tier: 'basic' });
    initech = await factories.organization({ name: 'Initech' });
    people.agent = await factories.staff({ roles: ['support_agent'] });
    people.manager = await factories.staff({ roles: ['account_manager'] });
    people.billing = await factories.staff({ roles: ['billing'] });
    people.admin = await factories.staff({ roles: ['admin'] });
    people.departedAgent = await factories.staff({ roles: ['support_agent'] });
    await database.db.update(users).set({ active: false }).where(eq(users.id, people.departedAgent.id));
    people.main = await factories.contact({ organizationId: acme, roles: ['main'] });
    people.technical = await factories.contact({ organizationId: acme, roles: ['technical'] });
    people.otherTechnical = await factories.contact({ organizationId: globex, roles: ['technical'] });
  });

  const problemOf = (response: { json(): unknown }) => Problem.parse(response.json());

  /** Every page of a paginated list, following nextCursor. */
  const allPages = async <T>(
    user: TestUser,
    url: string,
    parse: (body: unknown) => { items: T[]; nextCursor: string | null },
  ) => {
    const items: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const response = await context
        .as(user)
        .get(cursor ? `${url}${separator}cursor=${encodeURIComponent(cursor)}` : url);
      expect(response.statusCode).toBe(200);
      const page = parse(response.json());
      items.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    return { items, pages };
  };

  describe('GET /v1/staff/members', () => {
    it('lists every member of staff with name, email and roles, to staff who read tickets or organizations', async () => {
      for (const reader of [people.agent, people.billing]) {
        const { items } = await allPages(reader, '/v1/staff/members?limit=2', (body) =>
          StaffMemberPage.parse(body),
        );
        const byId = new Map(items.map((member) => [member.id, member]));
        expect(byId.get(people.manager.id)).toMatchObject({
          email: people.manager.email,
          roles: ['account_manager'],
        });
        expect(byId.has(people.billing.id)).toBe(true);
        expect(byId.has(people.departedAgent.id)).toBe(true);
        expect(items.some((member) => member.id === people.main.id)).toBe(false);
        expect(new Set(items.map((member) => member.id)).size).toBe(items.length);
        const names = items.map((member) => member.name);
        expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
    });

    it('assignable=true keeps the active staff who read and work every ticket, paginated without repeats', async () => {
      const { items, pages } = await allPages(
        people.agent,
        '/v1/staff/members?assignable=true&limit=1',
        (body) => StaffMemberPage.parse(body),
      );
      const ids = items.map((member) => member.id);
      expect(pages).toBeGreaterThan(1);
      expect(ids).toEqual(expect.arrayContaining([people.agent.id, people.manager.id, people.admin.id]));
      expect(ids).not.toContain(people.billing.id);
      expect(ids).not.toContain(people.departedAgent.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('refuses contacts, whatever their role', async () => {
      for (const contact of [people.main, people.technical]) {
        const response = await context.as(contact).get('/v1/staff/members');
        expect(response.statusCode).toBe(403);
        expect(problemOf(response).code).toBe('forbidden');
      }
    });

    it('refuses an API token without a staff reading scope, and a forged cursor', async () => {
      const { token } = await context.factories.apiToken(people.agent, {
        scopes: ['canned_reply:manage:any'],
      });
      expect((await context.asToken(token).get('/v1/staff/members')).statusCode).toBe(403);
      const forged = Buffer.from('["a","not-an-id"]').toString('base64url');
      const response = await context.as(people.agent).get(`/v1/staff/members?cursor=${forged}`);
      expect(response.statusCode).toBe(400);
      expect((await context.as(people.agent).get('/v1/staff/members?limit=1000')).statusCode).toBe(400);
      expect((await context.as(people.agent).get('/v1/staff/members?assignable=yes')).statusCode).toBe(400);
    });
  });

  describe('GET /v1/staff/organizations', () => {
    it('finds organizations by a part of their name in any case, with their tier', async () => {
      const response = await context.as(people.billing).get('/v1/staff/organizations?q=ROCKET');
      expect(response.statusCode).toBe(200);
      const page = OrganizationSearchPage.parse(response.json());
      expect(page.items).toEqual([
        {
          id: acme,
          name: 'Acme Rockets',
          kind: 'customer',
          tier: 'premium',
          registeringPartner: null,
          mainContact: { name: expect.any(String), email: people.main.email },
          nextRenewalDate: '2027-01-01',
        },
      ]);
      const initechPage = OrganizationSearchPage.parse(
        (await context.as(people.agent).get('/v1/staff/organizations?q=nitec')).json(),
      );
      expect(initechPage.items).toEqual([
        {
          id: initech,
          name: 'Initech',
          kind: 'customer',
          tier: null,
          registeringPartner: null,
          mainContact: null,
          nextRenewalDate: null,
        },
      ]);
    });

    it('takes % and _ in the name part as themselves', async () => {
      const percent = OrganizationSearchPage.parse(
        (
          await context.as(people.agent).get(`/v1/staff/organizations?q=${encodeURIComponent('100%_')}`)
        ).json(),
      );
      expect(percent.items.map((organization) => organization.id)).toEqual([globex]);
      const underscore = OrganizationSearchPage.parse(
        (await context.as(people.agent).get('/v1/staff/organizations?q=_')).json(),
      );
      expect(underscore.items.map((organization) => organization.id)).toEqual([globex]);
    });

    it('pages through every organization by name, at most 25 a page', async () => {
      const { items, pages } = await allPages(people.agent, '/v1/staff/organizations?limit=1', (body) =>
        OrganizationSearchPage.parse(body),
      );
      expect(pages).toBe(items.length);
      expect(items.map((organization) => organization.id)).toEqual(
        expect.arrayContaining([acme, globex, initech]),
      );
      expect(new Set(items.map((organization) => organization.id)).size).toBe(items.length);
      expect((await context.as(people.agent).get('/v1/staff/organizations?limit=26')).statusCode).toBe(400);
    });

    it('refuses contacts, and staff without organization:read:any', async () => {
      expect((await context.as(people.main).get('/v1/staff/organizations?q=a')).statusCode).toBe(403);
      const { token } = await context.factories.apiToken(people.agent, { scopes: ['ticket:read:any'] });
      expect((await context.asToken(token).get('/v1/staff/organizations?q=a')).statusCode).toBe(403);
    });
  });

  describe('ticket list rows name the organization', () => {
    it('gives staff each row its organization name and tier', async () => {
      const ticket = await createTicket(context.database, {
        organizationId: globex,
        requesterUserId: people.otherTechnical.id,
      });
      const page = TicketPage.parse(
        (await context.as(people.agent).get(`/v1/tickets?organizationId=${globex}`)).json(),
      );
      expect(page.items.find((row) => row.id === ticket.id)).toMatchObject({
        organizationName: 'Globex 100%_Widgets',
        organizationTier: 'basic',
      });
    });
  });

  describe('finding a ticket by its number', () => {
    it('finds it for staff from 1042 or #1042', async () => {
      const ticket = await createTicket(context.database, {
        organizationId: acme,
        requesterUserId: people.technical.id,
      });
      for (const number of [`${ticket.number}`, `%23${ticket.number}`]) {
        const page = TicketPage.parse(
          (await context.as(people.agent).get(`/v1/tickets?number=${number}`)).json(),
        );
        expect(page.items.map((row) => row.id)).toEqual([ticket.id]);
        expect(page.items[0]).toMatchObject({
          organizationName: 'Acme Rockets',
          organizationTier: 'premium',
        });
      }
    });

    it("finds nothing of a ticket the caller may not see: another organization's, or a colleague's unshared", async () => {
      const globexTicket = await createTicket(context.database, {
        organizationId: globex,
        requesterUserId: people.otherTechnical.id,
      });
      const mainsTicket = await createTicket(context.database, {
        organizationId: acme,
        requesterUserId: people.main.id,
      });
      const asTechnical = TicketPage.parse(
        (
          await context
            .as(people.technical)
            .get(`/v1/tickets?view=organization&number=${globexTicket.number}`)
        ).json(),
      );
      expect(asTechnical.items).toEqual([]);
      const colleagues = TicketPage.parse(
        (
          await context.as(people.technical).get(`/v1/tickets?view=organization&number=${mainsTicket.number}`)
        ).json(),
      );
      expect(colleagues.items).toEqual([]);
      const asMain = TicketPage.parse(
        (
          await context.as(people.main).get(`/v1/tickets?view=organization&number=${mainsTicket.number}`)
        ).json(),
      );
      expect(asMain.items.map((row) => row.id)).toEqual([mainsTicket.id]);
      expect(asMain.items[0]).toMatchObject({ organizationName: 'Acme Rockets' });
    });

    it('refuses a number that is not one', async () => {
      for (const number of ['abc', '0', '-3', '1.5', '#']) {
        const response = await context
          .as(people.agent)
          .get(`/v1/tickets?number=${encodeURIComponent(number)}`);
        expect(response.statusCode).toBe(400);
      }
    });
  });

  describe('GET /v1/staff/organizations/:organizationId/contacts', () => {
    it("lists the organization's current contacts by name, to staff who work tickets", async () => {
      const departed = await context.factories.contact({ organizationId: acme, roles: ['technical'] });
      await context.database.db.update(users).set({ active: false }).where(eq(users.id, departed.id));
      const response = await context.as(people.agent).get(`/v1/staff/organizations/${acme}/contacts`);
      expect(response.statusCode).toBe(200);
      const { items } = OrganizationContactList.parse(response.json());
      const ids = items.map((contact) => contact.id);
      expect(ids).toEqual(expect.arrayContaining([people.main.id, people.technical.id]));
      expect(ids).not.toContain(departed.id);
      expect(ids).not.toContain(people.otherTechnical.id);
      expect(items.find((contact) => contact.id === people.main.id)?.email).toBe(people.main.email);
    });

    it('answers 404 for an organization that does not exist, and refuses billing staff and contacts', async () => {
      const missing = await context
        .as(people.agent)
        .get('/v1/staff/organizations/00000000-0000-4000-8000-000000000000/contacts');
      expect(missing.statusCode).toBe(404);
      expect(problemOf(missing).code).toBe('not_found');
      expect(
        (await context.as(people.billing).get(`/v1/staff/organizations/${acme}/contacts`)).statusCode,
      ).toBe(403);
      expect((await context.as(people.main).get(`/v1/staff/organizations/${acme}/contacts`)).statusCode).toBe(
        403,
      );
      expect(
        (await context.as(people.agent).get('/v1/staff/organizations/not-an-id/contacts')).statusCode,
      ).toBe(400);
    });
  });
});
