import {
  CreatedApiToken,
  type Permission,
  Problem,
  ProductCatalogue,
  Ticket,
  TicketCounts,
  TicketEvent,
  TicketEventPage,
  TicketPage,
  TicketSearchPage,
} from '@portals/domain';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organizations, tickets, users } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

describe('tickets API', () => {
  const context = useTestApp();
  let organizationId: string;
  let main: TestUser;
  let ada: TestUser;
  let bob: TestUser;
  let otherMain: TestUser;
  let agent: TestUser;
  let billing: TestUser;
  let productId: string;

  type Headers = Record<string, string>;
  const call = (
    who: TestUser | Headers,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    extraHeaders: Headers = {},
  ) =>
    'claims' in who
      ? context.as(who as TestUser).inject({
          method,
          url,
          headers: extraHeaders,
          ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        })
      : context.app.inject({
          method,
          url,
          headers: { ...(who as Headers), ...extraHeaders },
          ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        });

  const open = async (who: TestUser | Headers, fields: Record<string, unknown> = {}, headers: Headers = {}) =>
    call(
      who,
      'POST',
      '/v1/tickets',
      {
        subject: 'VMs stuck in PENDING',
        description: 'No VM is scheduled',
        productId,
        severity: 2,
        ...fields,
      },
      headers,
    );
  const openTicket = async (who: TestUser, fields: Record<string, unknown> = {}) => {
    const response = await open(who, fields);
    expect(response.statusCode, response.body).toBe(201);
    return Ticket.parse(response.json());
  };
  const listIds = async (who: TestUser | Headers, query = '') => {
    const response = await call(who, 'GET', `/v1/tickets${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return TicketPage.parse(response.json()).items.map((item) => item.id);
  };
  const countOf = async (who: TestUser, query = '') =>
    TicketCounts.parse((await call(who, 'GET', `/v1/tickets/counts${query}`)).json());
  const eventsOf = async (who: TestUser, ticketId: string) => {
    const response = await call(who, 'GET', `/v1/tickets/${ticketId}/events`);
    expect(response.statusCode, response.body).toBe(200);
    return TicketEventPage.parse(response.json()).items;
  };
  const setSharing = (on: boolean) =>
    context.database.db
      .update(organizations)
      .set({ ticketSharing: on })
      .where(eq(organizations.id, organizationId));
  const tokenOf = async (owner: TestUser, scopes: Permission[]) => {
    const response = await call(owner, 'POST', '/v1/me/api-tokens', {
      name: `Monitoring ${scopes.join(' ')}`,
      scopes,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(response.statusCode, response.body).toBe(201);
    return { authorization: `Bearer ${CreatedApiToken.parse(response.json()).token}` };
  };

  beforeAll(async () => {
    const { factories } = context;
    organizationId = await factories.organization({ tier: 'premium' });
    main = await factories.contact({ organizationId, roles: ['main'] });
    ada = await factories.contact({ organizationId, roles: ['technical'] });
    bob = await factories.contact({ organizationId, roles: ['technical'] });
    const otherOrganization = await factories.organization({ tier: 'basic' });
    otherMain = await factories.contact({ organizationId: otherOrganization, roles: ['main'] });
    agent = await context.factories.staff({ roles: ['support_agent'] });
    billing = await context.factories.staff({ roles: ['billing'] });
    const catalogue = ProductCatalogue.parse((await call(ada, 'GET', '/v1/products')).json());
    productId = catalogue.items[0]?.id ?? '';
  });

  it("lists the vendor's products with their components and versions", async () => {
    const catalogue = ProductCatalogue.parse((await call(ada, 'GET', '/v1/products')).json());
    const vOneCloud = catalogue.items.find((product) => product.name === 'vOneCloud');
    expect(vOneCloud?.components.map((component) => component.name)).toEqual(
      expect.arrayContaining(['Sunstone', 'Scheduler', 'Storage', 'Networking', 'Marketplace']),
    );
    expect(vOneCloud?.versions.map((version) => version.name)).toEqual(['6.8', '6.10', '7.0']);
  });

  it('opens a ticket as its requester, numbered, new, copying a colleague, with its first event', async () => {
    const catalogue = ProductCatalogue.parse((await call(ada, 'GET', '/v1/products')).json());
    const product = catalogue.items[0];
    const ticket = await openTicket(ada, {
      componentId: product?.components[0]?.id,
      versionId: product?.versions[0]?.id,
      ccUserIds: [bob.id],
    });
    expect(ticket.number).toBeGreaterThanOrEqual(1000);
    expect(ticket).toMatchObject({ status: 'new', severity: 2, requester: { id: ada.id }, assignee: null });
    expect(ticket.component?.name).toBe(product?.components[0]?.name);
    expect(ticket.ccs.map((cc) => cc.id)).toEqual([bob.id]);
    const events = await eventsOf(ada, ticket.id);
    expect(events.map((event) => event.kind)).toEqual(['created']);
  });

  it('refuses to copy someone of another organization, and a component of another product', async () => {
    const foreign = await open(ada, { ccUserIds: [otherMain.id] });
    expect(foreign.statusCode).toBe(400);
    expect(Problem.parse(foreign.json()).code).toBe('validation_failed');
    const catalogue = ProductCatalogue.parse((await call(ada, 'GET', '/v1/products')).json());
    const otherProductsComponent = catalogue.items[1]?.components[0]?.id;
    const mismatched = await open(ada, { componentId: otherProductsComponent });
    expect(mismatched.statusCode).toBe(400);
  });

  it("names the organization and its tier on every row of a contact's lists, as on staff's", async () => {
    await openTicket(ada, { subject: 'Which organization am I' });
    const [organization] = await context.database.db
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    const rowsOf = async (who: TestUser, query: string) => {
      const response = await call(who, 'GET', `/v1/tickets${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return TicketPage.parse(response.json()).items.map((item) => ({
        organizationId: item.organizationId,
        organizationName: item.organizationName,
        organizationTier: item.organizationTier,
      }));
    };
    const expected = { organizationId, organizationName: organization?.name, organizationTier: 'premium' };
    for (const [who, query] of [
      [ada, '?view=mine'],
      [main, '?view=organization'],
      [main, '?view=organization&status=new'],
      [agent, `?organizationId=${organizationId}`],
    ] as const) {
      const rows = await rowsOf(who, query);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => JSON.stringify(row)))).toEqual(new Set([JSON.stringify(expected)]));
    }
  });

  describe('privacy', () => {
    it("shows a technical contact's own, copied and organization views as the sharing switch allows", async () => {
      const { factories } = context;
      const organization = await factories.organization({ tier: 'premium' });
      const chief = await factories.contact({ organizationId: organization, roles: ['main'] });
      const tom = await factories.contact({ organizationId: organization, roles: ['technical'] });
      const una = await factories.contact({ organizationId: organization, roles: ['technical'] });
      const toms = await openTicket(tom);
      const copied = await openTicket(una, { ccUserIds: [tom.id] });
      const unas = await openTicket(una);
      const setSharing = (on: boolean) =>
        context.database.db
          .update(organizations)
          .set({ ticketSharing: on })
          .where(eq(organizations.id, organization));
      const sorted = (ids: string[]) => [...ids].sort();

      await setSharing(false);
      expect(await listIds(tom, '?view=mine')).toEqual([toms.id]);
      expect(await listIds(tom, '?view=copied')).toEqual([copied.id]);
      expect(sorted(await listIds(tom, '?view=organization'))).toEqual(sorted([toms.id, copied.id]));
      expect((await countOf(tom, '?view=mine')).total).toBe(1);
      expect((await countOf(tom, '?view=organization')).total).toBe(2);

      await setSharing(true);
      expect(await listIds(tom, '?view=mine')).toEqual([toms.id]);
      expect(sorted(await listIds(tom, '?view=organization'))).toEqual(sorted([toms.id, copied.id, unas.id]));
      expect((await countOf(tom, '?view=mine')).total).toBe(1);
      expect((await countOf(tom, '?view=organization')).total).toBe(3);
      expect(await listIds(chief, '?view=mine')).toEqual([]);
      expect(sorted(await listIds(chief, '?view=organization'))).toEqual(
        sorted([toms.id, copied.id, unas.id]),
      );
    });

    let adasPrivate: Ticket;
    let adasCopyingBob: Ticket;

    beforeAll(async () => {
      adasPrivate = await openTicket(ada, { subject: 'Kernel panic on host zeta', description: 'marmalade' });
      adasCopyingBob = await openTicket(ada, { subject: 'Shared with Bob', ccUserIds: [bob.id] });
      const note = await call(agent, 'POST', `/v1/tickets/${adasPrivate.id}/notes`, {
        body: 'Internal: customer runs an unsupported kernel',
      });
      expect(note.statusCode, note.body).toBe(201);
      await call(agent, 'POST', `/v1/tickets/${adasCopyingBob.id}/notes`, { body: 'Internal: escalate' });
    });

    it("hides a technical contact's private ticket from a colleague: list, counts, get, events, search", async () => {
      const bobSees = await listIds(bob);
      expect(bobSees).toContain(adasCopyingBob.id);
      expect(bobSees).not.toContain(adasPrivate.id);
      expect(await listIds(bob, '?q=marmalade')).toEqual([]);
      expect(await listIds(ada, '?q=marmalade')).toEqual([adasPrivate.id]);
      const adaCounts = await countOf(ada);
      const bobCounts = await countOf(bob);
      expect(bobCounts.total).toBe(bobSees.length);
      expect(adaCounts.total).toBeGreaterThan(bobCounts.total);
      for (const url of [`/v1/tickets/${adasPrivate.id}`, `/v1/tickets/${adasPrivate.id}/events`]) {
        const response = await call(bob, 'GET', url);
        expect(response.statusCode, url).toBe(404);
        expect(Problem.parse(response.json()).code).toBe('not_found');
      }
      const reply = await call(bob, 'POST', `/v1/tickets/${adasPrivate.id}/replies`, { body: 'me too' });
      expect(reply.statusCode).toBe(404);
    });

    it("shows the main contact every ticket of the organization, another organization's none", async () => {
      const mainSees = await listIds(main, '?limit=100');
      expect(mainSees).toEqual(expect.arrayContaining([adasPrivate.id, adasCopyingBob.id]));
      expect(await listIds(otherMain)).toEqual([]);
      expect((await countOf(otherMain)).total).toBe(0);
      expect((await call(otherMain, 'GET', `/v1/tickets/${adasPrivate.id}`)).statusCode).toBe(404);
    });

    it('shows a technical contact every ticket of the organization once sharing is on', async () => {
      await setSharing(true);
      try {
        expect(await listIds(bob, '?limit=100')).toContain(adasPrivate.id);
        expect((await call(bob, 'GET', `/v1/tickets/${adasPrivate.id}`)).statusCode).toBe(200);
      } finally {
        await setSharing(false);
      }
      expect(await listIds(bob, '?limit=100')).not.toContain(adasPrivate.id);
    });

    it('never shows a contact an internal note; staff see it', async () => {
      for (const [who, ticket] of [
        [ada, adasPrivate],
        [main, adasPrivate],
        [bob, adasCopyingBob],
      ] as const) {
        const events = await eventsOf(who, ticket.id);
        expect(events.length).toBeGreaterThan(0);
        expect(
          events.some((event) => event.kind === 'internal_note' || event.visibility === 'internal'),
        ).toBe(false);
        expect(JSON.stringify(events)).not.toContain('Internal');
      }
      const staffEvents = await eventsOf(agent, adasPrivate.id);
      expect(staffEvents.map((event) => event.kind)).toEqual(['created', 'internal_note']);
      expect(await listIds(ada, '?q=unsupported')).toEqual([]);
    });

    it('searches subjects, descriptions and replies, ranked and highlighted, never internal notes for a contact', async () => {
      const reply = await call(ada, 'POST', `/v1/tickets/${adasCopyingBob.id}/replies`, {
        body: 'The hypervisor <img src=x onerror=alert(1)> crashed & rebooted',
      });
      expect(reply.statusCode).toBe(201);
      const search = async (who: TestUser, q: string) => {
        const response = await call(who, 'GET', `/v1/tickets/search?q=${encodeURIComponent(q)}`);
        expect(response.statusCode, response.body).toBe(200);
        return TicketSearchPage.parse(response.json()).items;
      };
      const found = await search(bob, 'hypervisor crashed');
      expect(found.map((hit) => hit.id)).toEqual([adasCopyingBob.id]);
      expect(found[0]?.highlights.join(' ')).toContain('<mark>hypervisor</mark>');
      // Only the marks are markup: whatever the text holds arrives escaped.
      expect(found[0]?.highlights.join(' ').replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      expect(await search(bob, 'marmalade')).toEqual([]);
      expect((await search(ada, 'marmalade')).map((hit) => hit.id)).toEqual([adasPrivate.id]);
      // Words only an internal note holds: nothing for contacts, even the requester and the main contact.
      for (const contact of [ada, main, bob]) {
        expect(await search(contact, 'unsupported kernel escalate')).toEqual([]);
        expect(await search(contact, 'escalate')).toEqual([]);
      }
      const staffFound = await search(agent, 'escalate');
      expect(staffFound.map((hit) => hit.id)).toEqual([adasCopyingBob.id]);
      expect(staffFound[0]?.highlights.join(' ')).toContain('<mark>escalate</mark>');
    });

    it('pages through search results best first, each once, with and without filters', async () => {
      // Subject matches outrank description matches (weights A and B); a reply matches too.
      const inSubject = await openTicket(main, { subject: 'Zeppelin gateway down', severity: 1 });
      const inDescription = await openTicket(main, { description: 'The zeppelin gateway logs errors' });
      const inReply = await openTicket(main, { severity: 1 });
      const reply = await call(main, 'POST', `/v1/tickets/${inReply.id}/replies`, { body: 'Zeppelin again' });
      expect(reply.statusCode).toBe(201);
      const allPages = async (query: string) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
          const response = await call(main, 'GET', `/v1/tickets/search?q=zeppelin&limit=1${query}${suffix}`);
          expect(response.statusCode, response.body).toBe(200);
          const page = TicketSearchPage.parse(response.json());
          expect(page.items.length).toBeLessThanOrEqual(1);
          ids.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor);
        return ids;
      };
      const everything = await allPages('');
      expect(new Set(everything)).toEqual(new Set([inSubject.id, inDescription.id, inReply.id]));
      expect(everything).toHaveLength(3);
      expect(everything[0]).toBe(inSubject.id);
      expect(await allPages('&severity=1')).toEqual(everything.filter((id) => id !== inDescription.id));
      // Another organization's main contact finds none of them.
      const response = await call(otherMain, 'GET', '/v1/tickets/search?q=zeppelin');
      expect(TicketSearchPage.parse(response.json()).items).toEqual([]);
    });

    it("limits an API token to its scopes and its owner's tickets", async () => {
      const readOnly = await tokenOf(ada, ['ticket:read:own']);
      const seen = await listIds(readOnly, '?limit=100');
      expect(seen).toContain(adasPrivate.id);
      expect((await open(readOnly)).statusCode).toBe(403);
      const bobsToken = await tokenOf(bob, ['ticket:read:own', 'ticket:write:own']);
      expect(await listIds(bobsToken, '?limit=100')).not.toContain(adasPrivate.id);
      expect((await call(bobsToken, 'GET', `/v1/tickets/${adasPrivate.id}`)).statusCode).toBe(404);
      const events = await call(bobsToken, 'GET', `/v1/tickets/${adasCopyingBob.id}/events`);
      expect(JSON.stringify(events.json())).not.toContain('Internal');
      expect((await open(bobsToken)).statusCode).toBe(201);
      const mainsNarrowToken = await tokenOf(main, ['ticket:read:own']);
      expect(await listIds(mainsNarrowToken, '?limit=100')).not.toContain(adasPrivate.id);
      const writeOnly = await tokenOf(ada, ['ticket:write:own']);
      const blind = await open(writeOnly);
      expect(blind.statusCode).toBe(403);
      expect(Problem.parse(blind.json()).code).toBe('forbidden');
      const noTickets = await tokenOf(main, ['subscription:read:org']);
      expect((await call(noTickets, 'GET', '/v1/tickets')).statusCode).toBe(403);
    });

    it('refuses staff views to contacts, staff without ticket rights everything, and notes to contacts', async () => {
      expect((await call(ada, 'GET', '/v1/tickets?view=unassigned')).statusCode).toBe(403);
      expect((await call(ada, 'GET', `/v1/tickets?organizationId=${organizationId}`)).statusCode).toBe(403);
      expect((await call(billing, 'GET', '/v1/tickets')).statusCode).toBe(403);
      expect((await call(billing, 'GET', `/v1/tickets/${adasPrivate.id}`)).statusCode).toBe(403);
      expect(
        (await call(main, 'POST', `/v1/tickets/${adasPrivate.id}/notes`, { body: 'x' })).statusCode,
      ).toBe(403);
      const staffSees = await listIds(agent, `?view=unassigned&organizationId=${organizationId}&limit=100`);
      expect(staffSees).toEqual(expect.arrayContaining([adasPrivate.id, adasCopyingBob.id]));
    });
  });

  describe('replies', () => {
    it("opens a new ticket on staff's first public reply; reopens a ticket waiting on the customer on theirs", async () => {
      const ticket = await openTicket(ada);
      const staffReply = await call(agent, 'POST', `/v1/tickets/${ticket.id}/replies`, {
        body: 'Which version?',
      });
      expect(staffReply.statusCode, staffReply.body).toBe(201);
      expect(TicketEvent.parse(staffReply.json())).toMatchObject({
        kind: 'public_reply',
        actor: { id: agent.id },
      });
      expect(Ticket.parse((await call(ada, 'GET', `/v1/tickets/${ticket.id}`)).json()).status).toBe('open');
      await context.database.db
        .update(tickets)
        .set({ status: 'pending_customer' })
        .where(eq(tickets.id, ticket.id));
      expect((await call(ada, 'POST', `/v1/tickets/${ticket.id}/replies`, { body: '6.10' })).statusCode).toBe(
        201,
      );
      expect(Ticket.parse((await call(ada, 'GET', `/v1/tickets/${ticket.id}`)).json()).status).toBe('open');
      const kinds = (await eventsOf(ada, ticket.id)).map((event) => event.kind);
      expect(kinds).toEqual(['created', 'public_reply', 'status_changed', 'public_reply', 'status_changed']);
      // The contact sees who answered, though staff are no organization's people.
      const [staffMember] = await context.database.db
        .select({ name: users.name })
        .from(users)
        .where(eq(users.id, agent.id));
      expect((await eventsOf(ada, ticket.id))[1]?.actor).toEqual({ id: agent.id, name: staffMember?.name });
    });

    it('refuses a reply to a closed ticket with 409', async () => {
      const ticket = await openTicket(ada);
      await context.database.db.update(tickets).set({ status: 'closed' }).where(eq(tickets.id, ticket.id));
      const response = await call(ada, 'POST', `/v1/tickets/${ticket.id}/replies`, { body: 'Hello?' });
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it('answers a retried reply with the first answer and adds nothing', async () => {
      const ticket = await openTicket(ada);
      const headers = { 'idempotency-key': `reply-${ticket.id}` };
      const first = await call(
        ada,
        'POST',
        `/v1/tickets/${ticket.id}/replies`,
        { body: 'Logs attached' },
        headers,
      );
      const retry = await call(
        ada,
        'POST',
        `/v1/tickets/${ticket.id}/replies`,
        { body: 'Logs attached' },
        headers,
      );
      expect(retry.statusCode).toBe(first.statusCode);
      expect(retry.json()).toEqual(first.json());
      expect((await eventsOf(ada, ticket.id)).filter((event) => event.kind === 'public_reply')).toHaveLength(
        1,
      );
      const other = await call(
        ada,
        'POST',
        `/v1/tickets/${ticket.id}/replies`,
        { body: 'Other text' },
        headers,
      );
      expect(other.statusCode).toBe(422);
    });
  });

  describe('idempotent creation', () => {
    it('answers a retry with the same key and body with the first answer, and creates nothing', async () => {
      const before = (await countOf(ada)).total;
      const headers = { 'idempotency-key': 'create-once' };
      const first = await open(ada, { subject: 'Once' }, headers);
      const retry = await open(ada, { subject: 'Once' }, headers);
      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.json()).toEqual(first.json());
      expect((await countOf(ada)).total).toBe(before + 1);
    });

    it('refuses the same key with another body (422 problem+json)', async () => {
      const headers = { 'idempotency-key': 'create-differently' };
      expect((await open(ada, { subject: 'First' }, headers)).statusCode).toBe(201);
      const response = await open(ada, { subject: 'Second' }, headers);
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(Problem.parse(response.json()).code).toBe('idempotency_key_reused');
    });

    it('creates one ticket from concurrent retries (a retry while the first runs is told so: 409)', async () => {
      const before = (await countOf(ada)).total;
      const headers = { 'idempotency-key': 'create-concurrently' };
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => open(ada, { subject: 'Concurrent' }, headers)),
      );
      for (const response of responses) expect([201, 409]).toContain(response.statusCode);
      const created = responses.filter((response) => response.statusCode === 201);
      expect(new Set(created.map((response) => Ticket.parse(response.json()).id)).size).toBe(1);
      expect((await countOf(ada)).total).toBe(before + 1);
    });

    it("keeps keys apart per person: a colleague's same key is a new request", async () => {
      const headers = { 'idempotency-key': 'shared-key' };
      const adas = Ticket.parse((await open(ada, { subject: 'Same key' }, headers)).json());
      const bobs = await open(bob, { subject: 'Same key' }, headers);
      expect(bobs.statusCode).toBe(201);
      expect(Ticket.parse(bobs.json()).id).not.toBe(adas.id);
    });
  });

  describe('bad input', () => {
    for (const [name, fields] of [
      ['severity 5', { severity: 5 }],
      ['a subject over 200 characters', { subject: 's'.repeat(201) }],
      ['a NUL character', { subject: 'a\u0000b' }],
      ['a description over 100,000 characters', { description: 'd'.repeat(100_001) }],
      ['no product', { productId: undefined }],
    ] as const) {
      it(`refuses ${name} with 400 problem+json`, async () => {
        const response = await open(ada, fields);
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(Problem.parse(response.json()).code).toBe('validation_failed');
      });
    }

    it('refuses a cursor it did not issue and an over-long key', async () => {
      expect((await call(ada, 'GET', '/v1/tickets?cursor=bogus')).statusCode).toBe(400);
      expect((await open(ada, {}, { 'idempotency-key': 'k'.repeat(201) })).statusCode).toBe(400);
    });
  });

  describe('pagination', () => {
    it('walks every ticket once, in order, page by page, whatever the sort', async () => {
      const organization = await context.factories.organization({ tier: 'basic' });
      const carol = await context.factories.contact({ organizationId: organization, roles: ['main'] });
      for (const severity of [1, 2, 3, 4, 2, 3, 1]) await openTicket(carol, { severity });
      for (const query of [
        '',
        '&sort=severity&direction=asc',
        '&sort=number&direction=asc',
        '&sort=created',
      ]) {
        const all = await listIds(carol, `?limit=100${query}`);
        expect(all).toHaveLength(7);
        const walked: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/v1/tickets?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`;
          const page = TicketPage.parse((await call(carol, 'GET', url)).json());
          walked.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(walked, query).toEqual(all);
      }
      const bySeverity = TicketPage.parse(
        (await call(carol, 'GET', '/v1/tickets?sort=severity&direction=asc&limit=100')).json(),
      );
      const severities = bySeverity.items.map((item) => item.severity);
      expect(severities).toEqual([...severities].sort());
      const counts = await countOf(carol, '?severity=1,2');
      expect(counts.total).toBe(4);
      expect(counts.counts.new).toBe(4);
    });
  });
});
