import {
  type Permission,
  Problem,
  TicketBulkResult,
  TicketEventPage,
  type TicketStatus,
  ticketStatuses,
} from '@portals/domain';
import { asc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cannedReplies,
  productComponents,
  products,
  ticketAttachments,
  ticketCcs,
  ticketEvents,
  tickets,
  users,
} from '../src/db/schema/index';
import { autoCloseSolvedTickets } from '../src/modules/ticket-workflow/service';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';
import { createTicket } from './ticket-fixtures';

const dayMs = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * dayMs);

/** The moves the product allows, by who makes them (PRODUCT.md; the domain's table must agree). */
const legalMoves: Record<'contact' | 'staff', string[]> = {
  contact: ['new→solved', 'open→solved', 'pending_customer→solved', 'on_hold→solved', 'solved→open'],
  staff: [
    'new→open',
    'new→pending_customer',
    'new→on_hold',
    'new→solved',
    'open→pending_customer',
    'open→on_hold',
    'open→solved',
    'pending_customer→open',
    'pending_customer→on_hold',
    'pending_customer→solved',
    'on_hold→open',
    'on_hold→pending_customer',
    'on_hold→solved',
    'solved→open',
  ],
};

describe('ticket workflow', () => {
  const context = useTestApp();
  let organization: string;
  let otherOrganization: string;
  const people = {} as Record<
    'ada' | 'bob' | 'main' | 'departed' | 'eve' | 'agent' | 'manager' | 'billing',
    TestUser
  >;

  beforeAll(async () => {
    const { database, factories } = context;
    organization = await factories.organization({ tier: 'premium' });
    otherOrganization = await factories.organization({ tier: 'premium' });
    people.ada = await factories.contact({ organizationId: organization, roles: ['technical'] });
    people.bob = await factories.contact({ organizationId: organization, roles: ['technical'] });
    people.main = await factories.contact({ organizationId: organization, roles: ['main'] });
    people.departed = await factories.contact({ organizationId: organization, roles: ['technical'] });
    await database.db.update(users).set({ active: false }).where(eq(users.id, people.departed.id));
    people.eve = await factories.contact({ organizationId: otherOrganization, roles: ['main'] });
    people.agent = await factories.staff({ roles: ['support_agent'] });
    people.manager = await factories.staff({ roles: ['account_manager'] });
    people.billing = await factories.staff({ roles: ['billing'] });
  });

  /** A ticket Ada requested, put straight into `status` as if it had got there. */
  const adasTicket = async (
    status: TicketStatus = 'open',
    options: { solvedAt?: Date; organizationId?: string; requester?: TestUser; description?: string } = {},
  ) => {
    const requester = options.requester ?? people.ada;
    const ticket = await createTicket(context.database, {
      organizationId: options.organizationId ?? organization,
      requesterUserId: requester.id,
      ...(options.description ? { description: options.description } : {}),
    });
    await context.database.db
      .update(tickets)
      .set({
        status,
        solvedAt: status === 'solved' ? (options.solvedAt ?? daysAgo(1)) : null,
        closedAt: status === 'closed' ? daysAgo(1) : null,
      })
      .where(eq(tickets.id, ticket.id));
    return ticket;
  };

  const stateOf = async (ticketId: string) => {
    const [ticket] = await context.database.db.select().from(tickets).where(eq(tickets.id, ticketId));
    if (!ticket) throw new Error('no such ticket');
    return ticket;
  };

  const eventsOf = (ticketId: string) =>
    context.database.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId))
      .orderBy(asc(ticketEvents.id));

  const post = (user: TestUser, url: string, body: object) => context.as(user).post(url, body);

  const problemOf = (response: { json(): unknown }) => Problem.parse(response.json());

  describe('every status transition, legal and illegal', () => {
    for (const by of ['contact', 'staff'] as const) {
      for (const from of ticketStatuses) {
        for (const to of ticketStatuses) {
          const legal = legalMoves[by].includes(`${from}→${to}`);
          it(`${by}: ${from} → ${to} ${legal ? 'moves' : 'is refused with 409 and changes nothing'}`, async () => {
            const ticket = await adasTicket(from);
            const before = await stateOf(ticket.id);
            const eventsBefore = await eventsOf(ticket.id);
            const response = await post(
              by === 'contact' ? people.ada : people.agent,
              `/v1/tickets/${ticket.id}/status`,
              {
                status: to,
              },
            );
            const after = await stateOf(ticket.id);
            const eventsAfter = await eventsOf(ticket.id);
            if (!legal) {
              expect(response.statusCode).toBe(409);
              expect(problemOf(response).code).toBe('invalid_transition');
              expect(after).toEqual(before);
              expect(eventsAfter).toHaveLength(eventsBefore.length);
              return;
            }
            expect(response.statusCode).toBe(204);
            expect(after.status).toBe(to);
            expect(after.solvedAt !== null).toBe(to === 'solved');
            const last = eventsAfter.at(-1);
            expect(eventsAfter).toHaveLength(eventsBefore.length + 1);
            expect(last).toMatchObject({ kind: 'status_changed', visibility: 'public', data: { from, to } });
            expect(last?.actorUserId).toBe(by === 'contact' ? people.ada.id : people.agent.id);
          });
        }
      }
    }

    it('a contact reopens within 14 days of solving, and is told to open a follow-up after', async () => {
      const recent = await adasTicket('solved', { solvedAt: daysAgo(13) });
      expect((await post(people.ada, `/v1/tickets/${recent.id}/status`, { status: 'open' })).statusCode).toBe(
        204,
      );

      const old = await adasTicket('solved', { solvedAt: daysAgo(15) });
      const refused = await post(people.ada, `/v1/tickets/${old.id}/status`, { status: 'open' });
      expect(refused.statusCode).toBe(409);
      expect(problemOf(refused).detail).toContain('follow-up');
      expect((await stateOf(old.id)).status).toBe('solved');
      // Staff may still reopen it.
      expect((await post(people.agent, `/v1/tickets/${old.id}/status`, { status: 'open' })).statusCode).toBe(
        204,
      );
    });

    it("a contact who cannot see the ticket gets 404, another organization's too", async () => {
      const ticket = await adasTicket('open');
      for (const stranger of [people.bob, people.eve]) {
        const response = await post(stranger, `/v1/tickets/${ticket.id}/status`, { status: 'solved' });
        expect(response.statusCode).toBe(404);
      }
      // The main contact sees every ticket of the organization.
      expect(
        (await post(people.main, `/v1/tickets/${ticket.id}/status`, { status: 'solved' })).statusCode,
      ).toBe(204);
    });

    it('an API token changes a status only with ticket:write:own in its scopes', async () => {
      const ticket = await adasTicket('open');
      const tokenWith = async (scopes: Permission[]) =>
        context.asToken((await context.factories.apiToken(people.ada, { scopes })).token);
      const readOnly = await (await tokenWith(['ticket:read:own'])).post(`/v1/tickets/${ticket.id}/status`, {
        status: 'solved',
      });
      expect(readOnly.statusCode).toBe(403);
      expect((await stateOf(ticket.id)).status).toBe('open');
      const writer = await (await tokenWith(['ticket:read:own', 'ticket:write:own'])).post(
        `/v1/tickets/${ticket.id}/status`,
        { status: 'solved' },
      );
      expect(writer.statusCode).toBe(204);
    });
  });

  describe('severity', () => {
    it('changes with a reason, kept in the timeline', async () => {
      const ticket = await adasTicket('open');
      const response = await post(people.ada, `/v1/tickets/${ticket.id}/severity`, {
        severity: 1,
        reason: 'Production is down since the upgrade',
      });
      expect(response.statusCode).toBe(204);
      expect((await stateOf(ticket.id)).severity).toBe(1);
      expect((await eventsOf(ticket.id)).at(-1)).toMatchObject({
        kind: 'severity_changed',
        visibility: 'public',
        actorUserId: people.ada.id,
        data: { from: 3, to: 1, reason: 'Production is down since the upgrade' },
      });
      // The requester reads the reason in the ticket's timeline.
      const timeline = await context.as(people.ada).get(`/v1/tickets/${ticket.id}/events`);
      expect(TicketEventPage.parse(timeline.json()).items.at(-1)).toMatchObject({
        kind: 'severity_changed',
        actor: { id: people.ada.id },
        data: { from: 3, to: 1, reason: 'Production is down since the upgrade' },
      });
      expect(
        (
          await post(people.agent, `/v1/tickets/${ticket.id}/severity`, {
            severity: 2,
            reason: 'Workaround found',
          })
        ).statusCode,
      ).toBe(204);
    });

    it('is refused without a reason, and on a ticket the contact cannot see', async () => {
      const ticket = await adasTicket('open');
      expect((await post(people.ada, `/v1/tickets/${ticket.id}/severity`, { severity: 1 })).statusCode).toBe(
        400,
      );
      expect(
        (await post(people.ada, `/v1/tickets/${ticket.id}/severity`, { severity: 1, reason: '   ' }))
          .statusCode,
      ).toBe(400);
      expect(
        (await post(people.bob, `/v1/tickets/${ticket.id}/severity`, { severity: 1, reason: 'Mine too' }))
          .statusCode,
      ).toBe(404);
      expect((await stateOf(ticket.id)).severity).toBe(3);
    });
  });

  describe('CCs', () => {
    const ccsOf = async (ticketId: string) =>
      (await context.database.db.select().from(ticketCcs).where(eq(ticketCcs.ticketId, ticketId))).map(
        (row) => row.userId,
      );

    it('a requester copies a colleague and stops copying them; each is an event', async () => {
      const ticket = await adasTicket('open');
      expect(
        (await post(people.ada, `/v1/tickets/${ticket.id}/ccs`, { add: [people.bob.id] })).statusCode,
      ).toBe(204);
      expect(await ccsOf(ticket.id)).toEqual([people.bob.id]);
      // Bob, copied, now sees it and may take himself off.
      expect(
        (await post(people.bob, `/v1/tickets/${ticket.id}/ccs`, { remove: [people.bob.id] })).statusCode,
      ).toBe(204);
      expect(await ccsOf(ticket.id)).toEqual([]);
      const kinds = (await eventsOf(ticket.id)).map((event) => [event.kind, event.data]);
      expect(kinds.slice(-2)).toEqual([
        ['cc_added', { user: { id: people.bob.id, name: expect.any(String) } }],
        ['cc_removed', { user: { id: people.bob.id, name: expect.any(String) } }],
      ]);
    });

    it('refuses someone of another organization, an inactive contact and staff with 422 naming the field', async () => {
      const ticket = await adasTicket('open');
      for (const [caller, stranger] of [
        [people.ada, people.eve],
        [people.ada, people.departed],
        [people.agent, people.eve],
        [people.agent, people.agent],
      ] as const) {
        const response = await post(caller, `/v1/tickets/${ticket.id}/ccs`, {
          add: [people.bob.id, stranger.id],
        });
        expect(response.statusCode).toBe(422);
        expect(problemOf(response).errors).toEqual([{ path: 'body.add.1', message: expect.any(String) }]);
      }
      // All or nothing: Bob, listed first, was not copied either.
      expect(await ccsOf(ticket.id)).toEqual([]);
      const removing = await post(people.ada, `/v1/tickets/${ticket.id}/ccs`, { remove: [people.bob.id] });
      expect(removing.statusCode).toBe(422);
      expect(problemOf(removing).errors?.[0]?.path).toBe('body.remove.0');
    });

    it('staff copy contacts of the ticket’s organization', async () => {
      const ticket = await adasTicket('open');
      expect(
        (await post(people.agent, `/v1/tickets/${ticket.id}/ccs`, { add: [people.main.id] })).statusCode,
      ).toBe(204);
      expect(await ccsOf(ticket.id)).toEqual([people.main.id]);
    });
  });

  describe('assignment', () => {
    it('to me, to a colleague, and back to nobody, each an event', async () => {
      const ticket = await adasTicket('new');
      const url = `/v1/tickets/${ticket.id}/assignee`;
      expect((await post(people.agent, url, { assigneeId: people.agent.id })).statusCode).toBe(204);
      expect((await stateOf(ticket.id)).assigneeUserId).toBe(people.agent.id);
      expect((await post(people.agent, url, { assigneeId: people.manager.id })).statusCode).toBe(204);
      expect((await stateOf(ticket.id)).assigneeUserId).toBe(people.manager.id);
      expect((await post(people.manager, url, { assigneeId: null })).statusCode).toBe(204);
      expect((await stateOf(ticket.id)).assigneeUserId).toBeNull();
      const assigned = (await eventsOf(ticket.id)).filter((event) => event.kind === 'assigned');
      expect(assigned.map((event) => event.data)).toEqual([
        { from: null, to: { id: people.agent.id, name: expect.any(String) } },
        {
          from: { id: people.agent.id, name: expect.any(String) },
          to: { id: people.manager.id, name: expect.any(String) },
        },
        { from: { id: people.manager.id, name: expect.any(String) }, to: null },
      ]);
    });

    it('only to staff who read tickets; never by a contact or billing staff', async () => {
      const ticket = await adasTicket('new');
      const url = `/v1/tickets/${ticket.id}/assignee`;
      for (const assignee of [people.billing, people.ada]) {
        const response = await post(people.agent, url, { assigneeId: assignee.id });
        expect(response.statusCode).toBe(422);
        expect(problemOf(response).errors?.[0]?.path).toBe('body.assigneeId');
      }
      expect((await post(people.ada, url, { assigneeId: people.agent.id })).statusCode).toBe(403);
      expect((await post(people.billing, url, { assigneeId: people.agent.id })).statusCode).toBe(403);
      expect((await stateOf(ticket.id)).assigneeUserId).toBeNull();
    });
  });

  describe('product', () => {
    it('staff file a ticket under another product of the catalogue, and nothing outside it', async () => {
      const ticket = await adasTicket('open');
      const [enterprise] = await context.database.db
        .select({ id: products.id })
        .from(products)
        .where(eq(products.name, 'OpenNebula Enterprise Edition'));
      const components = await context.database.db.select().from(productComponents);
      const ofEnterprise = components.find((component) => component.productId === enterprise?.id);
      const ofAnother = components.find((component) => component.productId !== enterprise?.id);
      const url = `/v1/tickets/${ticket.id}/product`;
      const wrong = await post(people.agent, url, {
        productId: enterprise?.id,
        componentId: ofAnother?.id,
        versionId: null,
      });
      expect(wrong.statusCode).toBe(422);
      expect(problemOf(wrong).errors?.[0]?.path).toBe('body.componentId');
      expect(
        (await post(people.ada, url, { productId: enterprise?.id, componentId: null, versionId: null }))
          .statusCode,
      ).toBe(403);
      const moved = await post(people.agent, url, {
        productId: enterprise?.id,
        componentId: ofEnterprise?.id,
        versionId: null,
      });
      expect(moved.statusCode).toBe(204);
      expect(await stateOf(ticket.id)).toMatchObject({
        productId: enterprise?.id,
        componentId: ofEnterprise?.id,
      });
      expect((await eventsOf(ticket.id)).at(-1)?.kind).toBe('product_changed');
    });
  });

  describe('bulk changes', () => {
    const bulk = (user: TestUser, body: object) => context.as(user).post('/v1/staff/tickets/bulk', body);

    it('are all or nothing: one illegal transition refuses them all with 409 naming it', async () => {
      const open = [await adasTicket('open'), await adasTicket('pending_customer')];
      const closed = await adasTicket('closed');
      const ticketIds = [...open.map((ticket) => ticket.id), closed.id];
      const eventCounts = await Promise.all(ticketIds.map(async (id) => (await eventsOf(id)).length));
      const response = await bulk(people.agent, { ticketIds, status: 'solved', assigneeId: people.agent.id });
      expect(response.statusCode).toBe(409);
      const problem = problemOf(response);
      expect(problem.code).toBe('invalid_transition');
      expect(problem.errors).toEqual([
        { path: 'body.ticketIds.2', message: expect.stringContaining(`#${closed.number}`) },
      ]);
      expect(
        (await Promise.all(ticketIds.map(stateOf))).map((ticket) => [ticket.status, ticket.assigneeUserId]),
      ).toEqual([
        ['open', null],
        ['pending_customer', null],
        ['closed', null],
      ]);
      expect(await Promise.all(ticketIds.map(async (id) => (await eventsOf(id)).length))).toEqual(
        eventCounts,
      );
    });

    it('change the status and the assignee of every ticket named', async () => {
      const chosen = [await adasTicket('new'), await adasTicket('open'), await adasTicket('on_hold')];
      const ticketIds = chosen.map((ticket) => ticket.id);
      const response = await bulk(people.agent, {
        ticketIds,
        status: 'pending_customer',
        assigneeId: people.manager.id,
      });
      expect(response.statusCode).toBe(200);
      expect(TicketBulkResult.parse(response.json()).updated.sort()).toEqual([...ticketIds].sort());
      for (const ticket of await Promise.all(ticketIds.map(stateOf))) {
        expect(ticket).toMatchObject({ status: 'pending_customer', assigneeUserId: people.manager.id });
      }
    });

    it('are refused to contacts, and more than 100 tickets at once', async () => {
      const ticket = await adasTicket('open');
      expect((await bulk(people.main, { ticketIds: [ticket.id], status: 'solved' })).statusCode).toBe(403);
      const tooMany = Array.from({ length: 101 }, () => ticket.id);
      expect((await bulk(people.agent, { ticketIds: tooMany, status: 'solved' })).statusCode).toBe(400);
      expect((await stateOf(ticket.id)).status).toBe('open');
    });
  });

  describe('merge', () => {
    it("moves the duplicate's conversation and attachments to the target and closes it", async () => {
      const duplicate = await adasTicket('open', {
        requester: people.bob,
        description: 'The scheduler hangs.',
      });
      const target = await adasTicket('open', { description: 'Scheduler stuck after upgrade.' });
      const { db } = context.database;
      const [reply] = await db
        .insert(ticketEvents)
        .values({
          ticketId: duplicate.id,
          organizationId: organization,
          actorUserId: people.bob.id,
          kind: 'attachment_added',
          visibility: 'public',
          data: { fileName: 'oned.log' },
        })
        .returning({ id: ticketEvents.id });
      await db.insert(ticketEvents).values({
        ticketId: duplicate.id,
        organizationId: organization,
        actorUserId: people.agent.id,
        kind: 'internal_note',
        visibility: 'internal',
        body: 'Same as the other one.',
      });
      const [attachment] = await db
        .insert(ticketAttachments)
        .values({
          ticketId: duplicate.id,
          organizationId: organization,
          eventId: reply?.id,
          uploaderUserId: people.bob.id,
          fileName: 'oned.log',
          sizeBytes: 12,
          sha256: 'a'.repeat(64),
          contentType: 'text/plain',
          storageKey: `merge-test-${duplicate.id}`,
        })
        .returning({ id: ticketAttachments.id });

      const response = await post(people.agent, `/v1/tickets/${duplicate.id}/merge`, {
        intoTicketId: target.id,
      });
      expect(response.statusCode).toBe(204);

      expect(await stateOf(duplicate.id)).toMatchObject({
        status: 'closed',
        mergedIntoTicketId: target.id,
        closedAt: expect.any(Date),
      });
      const merged = {
        kind: 'merged',
        visibility: 'public',
        data: {
          sourceTicketId: duplicate.id,
          sourceNumber: duplicate.number,
          targetTicketId: target.id,
          targetNumber: target.number,
          sourceRequesterUserId: people.bob.id,
        },
      };
      const duplicateEvents = await eventsOf(duplicate.id);
      expect(duplicateEvents.at(-1)).toMatchObject(merged);
      // Its own history stays as it was written.
      expect(duplicateEvents.map((event) => event.kind)).toEqual([
        'created',
        'attachment_added',
        'internal_note',
        'merged',
      ]);

      const targetEvents = await eventsOf(target.id);
      expect(targetEvents.map((event) => [event.kind, event.visibility, event.body])).toEqual([
        ['created', 'public', 'Scheduler stuck after upgrade.'],
        ['public_reply', 'public', 'The scheduler hangs.'],
        ['attachment_added', 'public', null],
        ['internal_note', 'internal', 'Same as the other one.'],
        ['merged', 'public', null],
      ]);
      expect(targetEvents.at(-1)).toMatchObject(merged);
      const copiedAttachmentEvent = targetEvents[2];
      const [moved] = await db
        .select()
        .from(ticketAttachments)
        .where(eq(ticketAttachments.id, attachment?.id ?? ''));
      expect(moved).toMatchObject({ ticketId: target.id, eventId: copiedAttachmentEvent?.id });
    });

    it("refuses another organization's ticket, itself and a closed target, changing nothing", async () => {
      const duplicate = await adasTicket('open');
      const elsewhere = await adasTicket('open', {
        organizationId: otherOrganization,
        requester: people.eve,
      });
      const closed = await adasTicket('closed');
      const url = `/v1/tickets/${duplicate.id}/merge`;
      for (const [intoTicketId, status] of [
        [elsewhere.id, 422],
        [duplicate.id, 422],
        [closed.id, 409],
      ] as const) {
        const response = await post(people.agent, url, { intoTicketId });
        expect(response.statusCode).toBe(status);
        expect(problemOf(response).errors?.[0]?.path).toBe('body.intoTicketId');
      }
      expect((await post(people.ada, url, { intoTicketId: closed.id })).statusCode).toBe(403);
      expect(await stateOf(duplicate.id)).toMatchObject({ status: 'open', mergedIntoTicketId: null });
      expect(await eventsOf(elsewhere.id)).toHaveLength(1);
      expect(await eventsOf(duplicate.id)).toHaveLength(1);
    });
  });

  describe('canned replies', () => {
    const request = (
      user: TestUser,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      payload?: object,
    ) => context.as(user).inject({ method, url, ...(payload ? { payload } : {}) });

    it('are kept by staff who manage them and read by every agent, a page at a time', async () => {
      for (const title of ['Logs please', 'Known issue', 'Upgrade first']) {
        const created = await request(people.agent, 'POST', '/v1/staff/canned-replies', {
          title,
          body: `${title}.`,
        });
        expect(created.statusCode).toBe(201);
      }
      const first = await request(people.manager, 'GET', '/v1/staff/canned-replies?limit=2');
      expect(first.statusCode).toBe(200);
      const firstPage = first.json() as { items: { id: string; title: string }[]; nextCursor: string };
      expect(firstPage.items.map((item) => item.title)).toEqual(['Known issue', 'Logs please']);
      const second = await request(
        people.manager,
        'GET',
        `/v1/staff/canned-replies?limit=2&cursor=${firstPage.nextCursor}`,
      );
      expect(second.json() as { items: { title: string }[]; nextCursor: null }).toMatchObject({
        items: [{ title: 'Upgrade first' }],
        nextCursor: null,
      });

      const id = firstPage.items[0]?.id;
      const url = `/v1/staff/canned-replies/${id}`;
      expect((await request(people.manager, 'PUT', url, { title: 'Mine', body: 'Mine.' })).statusCode).toBe(
        403,
      );
      expect(
        (await request(people.manager, 'POST', '/v1/staff/canned-replies', { title: 'x', body: 'y' }))
          .statusCode,
      ).toBe(403);
      const rewritten = await request(people.agent, 'PUT', url, {
        title: 'Known issue #42',
        body: 'Fixed in 7.0.',
      });
      expect(rewritten.json()).toMatchObject({ title: 'Known issue #42', body: 'Fixed in 7.0.' });
      expect((await request(people.agent, 'DELETE', url)).statusCode).toBe(204);
      expect((await request(people.agent, 'DELETE', url)).statusCode).toBe(404);
      expect(
        await context.database.db
          .select()
          .from(cannedReplies)
          .where(eq(cannedReplies.id, id ?? '')),
      ).toEqual([]);
    });

    it('are never shown to a contact', async () => {
      expect((await request(people.main, 'GET', '/v1/staff/canned-replies')).statusCode).toBe(403);
      expect(
        (await request(people.ada, 'POST', '/v1/staff/canned-replies', { title: 'x', body: 'y' })).statusCode,
      ).toBe(403);
    });
  });

  describe('hostile input', () => {
    it('is refused with 400 and changes nothing', async () => {
      const ticket = await adasTicket('open');
      const refusals = [
        await post(people.ada, '/v1/tickets/not-a-ticket/status', { status: 'solved' }),
        await post(people.ada, `/v1/tickets/${ticket.id}/status`, { status: 'deleted' }),
        await post(people.ada, `/v1/tickets/${ticket.id}/severity`, { severity: 0, reason: 'Zero' }),
        await post(people.ada, `/v1/tickets/${ticket.id}/severity`, { severity: 1, reason: 'nul\u0000byte' }),
        await post(people.ada, `/v1/tickets/${ticket.id}/severity`, {
          severity: 1,
          reason: 'x'.repeat(1001),
        }),
        await post(people.ada, `/v1/tickets/${ticket.id}/ccs`, {}),
        await post(people.ada, `/v1/tickets/${ticket.id}/ccs`, { add: ["' or 1=1 --"] }),
        await post(people.agent, '/v1/staff/canned-replies', { title: 'x'.repeat(201), body: 'y' }),
        await context.as(people.agent).get('/v1/staff/canned-replies?cursor=bm90LWpzb24'),
      ];
      expect(refusals.map((response) => response.statusCode)).toEqual(refusals.map(() => 400));
      expect(await stateOf(ticket.id)).toMatchObject({ status: 'open', severity: 3 });
      expect(await eventsOf(ticket.id)).toHaveLength(1);
    });
  });

  describe('auto-close', () => {
    it('closes tickets solved more than 14 days ago, by the system, and leaves the rest', async () => {
      const due = await adasTicket('solved', { solvedAt: daysAgo(15) });
      const recent = await adasTicket('solved', { solvedAt: daysAgo(13) });
      const open = await adasTicket('open');

      expect(await autoCloseSolvedTickets(context.database.db)).toBeGreaterThanOrEqual(1);

      const states = await context.database.db
        .select({ id: tickets.id, status: tickets.status, closedAt: tickets.closedAt })
        .from(tickets)
        .where(inArray(tickets.id, [due.id, recent.id, open.id]));
      expect(Object.fromEntries(states.map((row) => [row.id, row.status]))).toEqual({
        [due.id]: 'closed',
        [recent.id]: 'solved',
        [open.id]: 'open',
      });
      expect(states.find((row) => row.id === due.id)?.closedAt).toBeInstanceOf(Date);
      expect((await eventsOf(due.id)).at(-1)).toMatchObject({
        kind: 'status_changed',
        actorUserId: null,
        visibility: 'public',
        data: { from: 'solved', to: 'closed' },
      });
      expect(await eventsOf(recent.id)).toHaveLength(1);
      // A second run finds nothing more to do.
      expect(await autoCloseSolvedTickets(context.database.db)).toBe(0);
    });
  });
});
