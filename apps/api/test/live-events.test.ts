import type { Role } from '@portals/domain';
import { describeTicketPrivacyCase, type TicketRelation, ticketPrivacyCases } from '@portals/domain/testing';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactRoles, ticketEvents, users } from '../src/db/schema/index';
import { type TestUser, testPassword } from './fixtures';
import { openSse, type SseClient } from './sse-client';
import { buildTestApp, testConfig, useTestApp } from './test-app';
import { createTicket } from './ticket-fixtures';
import { waitUntil } from './wait-until';

const addressOf = (app: FastifyInstance): string => {
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};

describe('live ticket events (GET /v1/events)', () => {
  const context = useTestApp({ config: testConfig({ LIVE_EVENTS_HEARTBEAT_SECONDS: '1' }) });
  let base = '';
  const streams: SseClient[] = [];

  beforeAll(async () => {
    await context.app.listen({ host: '127.0.0.1', port: 0 });
    base = addressOf(context.app);
  });
  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  const bearer = (user: TestUser, options: { expiresIn?: number } = {}) =>
    `Bearer ${context.app.jwt.sign(user.claims, options.expiresIn ? { expiresIn: options.expiresIn } : {})}`;

  const open = async (
    user: TestUser | string,
    options: { lastEventId?: number; query?: string; expiresIn?: number } = {},
  ): Promise<SseClient> => {
    const authorization = typeof user === 'string' ? user : bearer(user, options);
    const stream = await openSse(`${base}/v1/events${options.query ?? ''}`, {
      authorization,
      ...(options.lastEventId === undefined ? {} : { 'last-event-id': String(options.lastEventId) }),
    });
    streams.push(stream);
    return stream;
  };

  const latestEventId = async (): Promise<number> => {
    const [row] = await context.database.db
      .select({ id: sql<string | null>`max(${ticketEvents.id})` })
      .from(ticketEvents);
    return Number(row?.id ?? 0);
  };

  /** An event written as the owner, as any API process's transaction would (the trigger announces it). */
  const addEvent = async (
    ticket: { id: string; organizationId: string },
    visibility: 'public' | 'internal',
    body = visibility === 'public' ? 'A public reply.' : 'An internal note.',
  ): Promise<number> => {
    const [row] = await context.database.db
      .insert(ticketEvents)
      .values({
        ticketId: ticket.id,
        organizationId: ticket.organizationId,
        kind: visibility === 'public' ? 'public_reply' : 'internal_note',
        visibility,
        body,
      })
      .returning({ id: ticketEvents.id });
    if (!row) throw new Error('event not added');
    return row.id;
  };

  const sameIds = (stream: SseClient, expected: number[]) =>
    JSON.stringify(stream.eventIds()) === JSON.stringify([...expected].sort((a, b) => a - b));

  describe('who it reaches: the privacy table, live and resumed', () => {
    interface Fixture {
      id: string;
      organizationId: string;
      requesterId: string;
      ccUserIds: string[];
      sharing: boolean;
    }
    interface Reader {
      role: Role;
      user: TestUser;
      organizationId: string | null;
      live?: SseClient;
    }
    const tickets: Fixture[] = [];
    const readers: Reader[] = [];
    const events: { id: number; ticket: Fixture; visibility: 'public' | 'internal' }[] = [];
    let before = 0;

    const relationOf = (reader: Reader, ticket: Fixture): TicketRelation => {
      if (reader.organizationId === null)
        return tickets.indexOf(ticket) % 2 === 0 ? "a colleague's" : "another organization's";
      if (ticket.organizationId !== reader.organizationId) return "another organization's";
      if (ticket.requesterId === reader.user.id) return 'requested by the reader';
      if (ticket.ccUserIds.includes(reader.user.id)) return 'copied to the reader';
      return "a colleague's";
    };
    /** What the table says `reader` receives of `events`. */
    const expectedFor = (reader: Reader) =>
      events
        .filter((event) => {
          const entry = ticketPrivacyCases.find(
            (candidate) =>
              candidate.reader === reader.role &&
              candidate.ticket === relationOf(reader, event.ticket) &&
              candidate.visibility === event.visibility &&
              candidate.sharing === event.ticket.sharing,
          );
          if (!entry)
            throw new Error(`no privacy case for ${reader.role} on ${relationOf(reader, event.ticket)}`);
          return entry.reaches;
        })
        .map((event) => event.id);

    beforeAll(async () => {
      const { factories, database } = context;
      for (const sharing of [false, true]) {
        const organizationId = await factories.organization({ tier: 'premium', ticketSharing: sharing });
        const technical = await factories.contact({ organizationId, roles: ['technical'] });
        const main = await factories.contact({ organizationId, roles: ['main'] });
        const colleague = await factories.contact({ organizationId, roles: ['technical'] });
        readers.push(
          { role: 'technical', user: technical, organizationId },
          { role: 'main', user: main, organizationId },
        );
        const ticket = async (requesterId: string, ccUserIds: string[] = []) => {
          const created = await createTicket(database, {
            organizationId,
            requesterUserId: requesterId,
            ccUserIds,
          });
          tickets.push({ id: created.id, organizationId, requesterId, ccUserIds, sharing });
        };
        await ticket(technical.id);
        await ticket(colleague.id, [technical.id]);
        await ticket(main.id);
        await ticket(colleague.id, [main.id]);
        await ticket(colleague.id);
        // Another organization with the same switch: never anyone's here.
        const otherOrganizationId = await factories.organization({ tier: 'basic', ticketSharing: sharing });
        const stranger = await factories.contact({ organizationId: otherOrganizationId, roles: ['main'] });
        const created = await createTicket(database, {
          organizationId: otherOrganizationId,
          requesterUserId: stranger.id,
          ccUserIds: [],
        });
        tickets.push({
          id: created.id,
          organizationId: otherOrganizationId,
          requesterId: stranger.id,
          ccUserIds: [],
          sharing,
        });
      }
      for (const role of ['support_agent', 'account_manager', 'admin'] as const) {
        readers.push({ role, user: await factories.staff({ roles: [role] }), organizationId: null });
      }
      for (const reader of readers) {
        reader.live = await open(reader.user);
        expect(reader.live.status, reader.role).toBe(200);
      }
      await waitUntil(
        'every stream is connected',
        () => context.app.liveEvents.listenerCount >= readers.length,
      );
      before = await latestEventId();
      for (const ticket of tickets) {
        for (const visibility of ['public', 'internal'] as const) {
          events.push({ id: await addEvent(ticket, visibility), ticket, visibility });
        }
      }
    });

    it('covers the table: every case is met by at least one event and reader', () => {
      const met = new Set<string>();
      for (const reader of readers) {
        for (const event of events) {
          met.add(
            `${reader.role}|${relationOf(reader, event.ticket)}|${event.visibility}|${event.ticket.sharing}`,
          );
        }
      }
      const readable = ticketPrivacyCases.filter(
        (entry) => !['administrative', 'billing'].includes(entry.reader),
      );
      const unmet = readable.filter(
        (entry) => !met.has(`${entry.reader}|${entry.ticket}|${entry.visibility}|${entry.sharing}`),
      );
      expect(unmet.map(describeTicketPrivacyCase)).toEqual([]);
    });

    it('sends each connected reader exactly the events the table says, as they happen', async () => {
      for (const reader of readers) {
        const stream = reader.live as SseClient;
        const expected = expectedFor(reader);
        await waitUntil(`${reader.role} has received its events`, () => sameIds(stream, expected));
        // Whatever was sent after those would be before the next heartbeat: nothing more came.
        const heartbeats = stream.heartbeats();
        await waitUntil('a heartbeat', () => stream.heartbeats() > heartbeats);
        expect(stream.eventIds(), reader.role).toEqual(expected);
      }
    });

    it('sends a reader resuming with Last-Event-ID the same events, read by the scoped query', async () => {
      for (const reader of readers) {
        const resumed = await open(reader.user, { lastEventId: before });
        const expected = expectedFor(reader);
        await waitUntil(`${reader.role} has caught up`, () => sameIds(resumed, expected));
        const heartbeats = resumed.heartbeats();
        await waitUntil('a heartbeat', () => resumed.heartbeats() > heartbeats);
        expect(resumed.eventIds(), reader.role).toEqual(expected);
        resumed.close();
      }
    });

    it("never sends an internal note's body, nor any body, to anyone", () => {
      for (const reader of readers) {
        const text = reader.live?.text() ?? '';
        expect(text).not.toContain('An internal note.');
        expect(text).not.toContain('A public reply.');
        if (reader.organizationId !== null) expect(text).not.toContain('"visibility":"internal"');
      }
    });

    it('describes each event enough to update a list: ticket, number, kind, status and severity', () => {
      const staff = readers.find((reader) => reader.role === 'support_agent')?.live as SseClient;
      const [first] = staff.events();
      expect(first).toMatchObject({
        id: events[0]?.id,
        ticketId: events[0]?.ticket.id,
        kind: 'public_reply',
        visibility: 'public',
        status: 'new',
        severity: 3,
      });
      expect(first?.ticketNumber).toBeGreaterThan(0);
      const message = staff.messages.find((entry) => entry.event === 'ticket');
      expect(message?.id).toBe(String(events[0]?.id));
    });
  });

  describe('who may open it', () => {
    it('refuses an API token, even one that reads tickets', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const token = await context.factories.apiToken(main, {
        scopes: ['ticket:read:org', 'ticket:read:own'],
      });
      const stream = await open(`Bearer ${token.token}`);
      expect(stream.status).toBe(403);
      expect(stream.contentType).toContain('application/problem+json');
      expect(stream.text()).toContain('API tokens cannot be used for this');
    });

    it('refuses no credential, a token signed with another key and an expired token', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const other = await buildTestApp(
        context.database,
        testConfig({ JWT_SECRET: 'another-secret-of-at-least-thirty-two-chars' }),
      );
      const forged = `Bearer ${other.jwt.sign(main.claims)}`;
      await other.close();
      const signedAt = Date.now();
      const expired = `Bearer ${context.app.jwt.sign(main.claims, { expiresIn: 1 })}`;
      await waitUntil('the short token has expired', () => Date.now() > signedAt + 2000);
      for (const authorization of ['', forged, expired, 'Bearer not-a-token']) {
        const stream = await open(authorization);
        expect(stream.status, authorization).toBe(401);
        expect(stream.contentType).toContain('application/problem+json');
      }
    });

    it("refuses a sign-in's refresh token, as a bearer or as the cookie alone, and takes its access token", async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const signedIn = await context.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { email: main.email, password: testPassword },
      });
      expect(signedIn.statusCode).toBe(200);
      const refresh = signedIn.cookies.find((cookie) => cookie.name === 'portals_refresh')?.value;
      expect(refresh).toBeDefined();
      const asBearer = await open(`Bearer ${refresh}`);
      expect(asBearer.status).toBe(401);
      const cookieOnly = await openSse(`${base}/v1/events`, { cookie: `portals_refresh=${refresh}` });
      expect(cookieOnly.status).toBe(401);
      const { accessToken } = signedIn.json<{ accessToken: string }>();
      const stream = await open(`Bearer ${accessToken}`);
      expect(stream.status).toBe(200);
    });

    it('refuses people who read no tickets: billing staff, an administrative contact', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const administrative = await context.factories.contact({ organizationId, roles: ['administrative'] });
      const billing = await context.factories.staff({ roles: ['billing'] });
      for (const user of [administrative, billing]) {
        const stream = await open(user);
        expect(stream.status).toBe(403);
        expect(stream.text()).toContain('ticket:read');
      }
    });

    it('refuses a Last-Event-ID that is not an event id, with a problem naming it', async () => {
      const staff = await context.factories.staff({ roles: ['support_agent'] });
      for (const value of ['abc', '-1', '1; drop table tickets', '99999999999999999999']) {
        const stream = await openSse(`${base}/v1/events`, {
          authorization: bearer(staff),
          'last-event-id': value,
        });
        expect(stream.status, value).toBe(400);
        expect(stream.text()).toContain('last-event-id');
      }
      const query = await open(staff, { query: '?lastEventId=abc' });
      expect(query.status).toBe(400);
      expect(query.text()).toContain('lastEventId');
    });
  });

  describe('resuming', () => {
    it('sends what was missed in order, once, then live events, with no gap or duplicate while catching up', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const ticket = {
        id: (await createTicket(context.database, { organizationId, requesterUserId: main.id })).id,
        organizationId,
      };
      const from = await latestEventId();
      const missed: number[] = [];
      for (let index = 0; index < 5; index += 1) missed.push(await addEvent(ticket, 'public'));
      // Events keep coming while the stream catches up: each must arrive once, in order.
      const during = (async () => {
        const ids: number[] = [];
        for (let index = 0; index < 15; index += 1) ids.push(await addEvent(ticket, 'public'));
        return ids;
      })();
      const stream = await open(main, { lastEventId: from });
      const live = await during;
      const after = await addEvent(ticket, 'public');
      const expected = [...missed, ...live, after];
      await waitUntil('every event has arrived', () => stream.eventIds().includes(after));
      expect(stream.eventIds()).toEqual(expected);
    });

    it('takes the last event id as a query parameter too, for clients that cannot set headers', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const ticket = {
        id: (await createTicket(context.database, { organizationId, requesterUserId: main.id })).id,
        organizationId,
      };
      const from = await latestEventId();
      const first = await addEvent(ticket, 'public');
      const second = await addEvent(ticket, 'public');
      const stream = await open(main, { query: `?lastEventId=${from}` });
      await waitUntil('the missed events', () => stream.eventIds().length === 2);
      expect(stream.eventIds()).toEqual([first, second]);
    });

    it('sends nothing old without Last-Event-ID', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const ticket = {
        id: (await createTicket(context.database, { organizationId, requesterUserId: main.id })).id,
        organizationId,
      };
      await addEvent(ticket, 'public');
      const stream = await open(main);
      await waitUntil('connected', () => stream.messages.some((message) => message.comment === 'connected'));
      const next = await addEvent(ticket, 'public');
      await waitUntil('the new event', () => stream.eventIds().includes(next));
      expect(stream.eventIds()).toEqual([next]);
    });
  });

  describe('keeping it alive, and ending it', () => {
    it('sends a heartbeat comment while nothing happens', async () => {
      const staff = await context.factories.staff({ roles: ['support_agent'] });
      const stream = await open(staff);
      expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
      await waitUntil('two heartbeats', () => stream.heartbeats() >= 2);
      expect(stream.closed).toBe(false);
    });

    it('ends when the access token expires, saying so', async () => {
      const staff = await context.factories.staff({ roles: ['support_agent'] });
      const stream = await open(staff, { expiresIn: 2 });
      expect(stream.status).toBe(200);
      await waitUntil('the stream has ended', () => stream.closed);
      expect(stream.endReason()).toBe('token_expired');
    });

    it('ends at once when the person signs out everywhere, and sends nothing after', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const ticket = {
        id: (await createTicket(context.database, { organizationId, requesterUserId: main.id })).id,
        organizationId,
      };
      const stream = await open(main);
      await waitUntil('connected', () => stream.messages.some((message) => message.comment === 'connected'));
      const signOut = await context.as(main).post('/v1/auth/sign-out-everywhere');
      expect(signOut.statusCode).toBe(204);
      await waitUntil('the stream has ended', () => stream.closed);
      expect(stream.endReason()).toBe('session_ended');
      await addEvent(ticket, 'public');
      expect(stream.eventIds()).toEqual([]);
      // And the old token no longer opens one.
      expect((await open(main)).status).toBe(401);
    });

    it('ends at once when the person is deactivated or loses their contact role', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const deactivated = await context.factories.contact({ organizationId, roles: ['technical'] });
      const removed = await context.factories.contact({ organizationId, roles: ['technical'] });
      const first = await open(deactivated);
      const second = await open(removed);
      await waitUntil('connected', () => [first, second].every((stream) => stream.messages.length > 0));
      await context.database.db.update(users).set({ active: false }).where(eq(users.id, deactivated.id));
      await context.database.db.delete(contactRoles).where(eq(contactRoles.userId, removed.id));
      await waitUntil('both streams have ended', () => first.closed && second.closed);
      expect([first.endReason(), second.endReason()]).toEqual(['session_ended', 'session_ended']);
    });

    it('keeps the streams of other people open when one person signs out everywhere', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const leaving = await context.factories.contact({ organizationId, roles: ['main'] });
      const staying = await context.factories.contact({ organizationId, roles: ['technical'] });
      const staysOpen = await open(staying);
      const ends = await open(leaving);
      await context.as(leaving).post('/v1/auth/sign-out-everywhere');
      await waitUntil('the stream has ended', () => ends.closed);
      const heartbeats = staysOpen.heartbeats();
      await waitUntil('a heartbeat', () => staysOpen.heartbeats() > heartbeats);
      expect(staysOpen.closed).toBe(false);
    });
  });

  describe("staff's presence on a ticket (the collision warning)", () => {
    it('reaches the other staff at once, never the one it is about, and never a contact', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const ticket = await createTicket(context.database, { organizationId, requesterUserId: main.id });
      const typing = await context.factories.staff({ roles: ['support_agent'] });
      const watching = await context.factories.staff({ roles: ['support_agent'] });
      const [ownStream, otherStream, contactStream] = [
        await open(typing),
        await open(watching),
        await open(main),
      ];
      await waitUntil('connected', () =>
        [ownStream, otherStream, contactStream].every((stream) => stream?.messages.length),
      );

      const posted = await context.as(typing).post(`/v1/tickets/${ticket.id}/presence`, { state: 'typing' });
      expect(posted.statusCode).toBe(204);
      const presenceOf = (stream: SseClient | undefined) =>
        (stream?.messages ?? []).filter((message) => message.event === 'presence');
      await waitUntil('the other agent is told', () => presenceOf(otherStream).length === 1);
      expect(JSON.parse(presenceOf(otherStream)[0]?.data ?? '')).toEqual({
        ticketId: ticket.id,
        userId: typing.id,
        name: typing.email.split('@')[0],
        state: 'typing',
      });
      for (const stream of [ownStream, contactStream]) {
        const heartbeats = stream?.heartbeats() ?? 0;
        await waitUntil('a heartbeat', () => (stream?.heartbeats() ?? 0) > heartbeats);
        expect(presenceOf(stream)).toEqual([]);
      }
    });

    it('refuses contacts, billing staff, an unknown ticket, and a state that is not one', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const ticket = await createTicket(context.database, { organizationId, requesterUserId: main.id });
      const billing = await context.factories.staff({ roles: ['billing'] });
      const agent = await context.factories.staff({ roles: ['support_agent'] });
      const url = `/v1/tickets/${ticket.id}/presence`;
      expect((await context.as(main).post(url, { state: 'viewing' })).statusCode).toBe(403);
      expect((await context.as(billing).post(url, { state: 'viewing' })).statusCode).toBe(403);
      const unknown = await context
        .as(agent)
        .post('/v1/tickets/00000000-0000-4000-8000-000000000000/presence', { state: 'viewing' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ code: 'not_found' });
      const hostile = await context.as(agent).post(url, { state: "typing'); select pg_sleep(10); --" });
      expect(hostile.statusCode).toBe(400);
    });
  });

  describe('one LISTEN connection per process', () => {
    const listenConnections = async () => {
      const result = await context.database.db.execute<{ pid: number }>(
        sql`select pid from pg_stat_activity where application_name = 'portals live events' and datname = current_database()`,
      );
      return result.rows;
    };

    it('has one, whatever the number of clients', async () => {
      const staff = await context.factories.staff({ roles: ['support_agent'] });
      for (let index = 0; index < 5; index += 1) await open(staff);
      expect(await listenConnections()).toHaveLength(1);
    });

    it('reconnects after losing it, and sends what was committed meanwhile', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'] });
      const ticket = {
        id: (await createTicket(context.database, { organizationId, requesterUserId: main.id })).id,
        organizationId,
      };
      const stream = await open(main);
      await waitUntil('connected', () => stream.messages.length > 0);
      const [listening] = await listenConnections();
      await context.database.db.execute(sql`select pg_terminate_backend(${listening?.pid})`);
      const whileDown = await addEvent(ticket, 'public');
      await waitUntil('listening again', async () => {
        const now = await listenConnections();
        return now.length === 1 && now[0]?.pid !== listening?.pid;
      });
      const afterwards = await addEvent(ticket, 'public');
      await waitUntil('both events', () => stream.eventIds().includes(afterwards));
      expect(stream.eventIds()).toEqual([whileDown, afterwards]);
    });
  });
});

describe('live events when the API stops, or when too much was missed', () => {
  const context = useTestApp();

  it('tells a client that missed more than can be replayed to read everything again, and where now is', async () => {
    const app = await buildTestApp(context.database);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const organizationId = await context.factories.organization({ tier: 'premium' });
    const main = await context.factories.contact({ organizationId, roles: ['main'] });
    const ticket = await createTicket(context.database, { organizationId, requesterUserId: main.id });
    await context.database.db.execute(sql`
      insert into ticket_events (ticket_id, organization_id, kind, visibility, body)
      select ${ticket.id}, ${organizationId}, 'public_reply', 'public', 'Reply ' || n
      from generate_series(1, 5001) as n`);
    const [latest] = (
      await context.database.db.execute<{ id: string }>(sql`select max(id)::text as id from ticket_events`)
    ).rows;
    const stream = await openSse(`${addressOf(app)}/v1/events`, {
      authorization: `Bearer ${app.jwt.sign(main.claims)}`,
      'last-event-id': String(Number(latest?.id) - 5001),
    });
    await waitUntil('the reset', () => stream.messages.some((message) => message.event === 'reset'));
    const reset = stream.messages.find((message) => message.event === 'reset');
    expect(reset?.id).toBe(latest?.id);
    expect(stream.eventIds()).toHaveLength(0);
    stream.close();
    await app.close();
  });

  it('ends open streams so that a graceful stop does not wait for them, and closes its connection', async () => {
    const app = await buildTestApp(context.database);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const staff = await context.factories.staff({ roles: ['support_agent'] });
    const stream = await openSse(`${addressOf(app)}/v1/events`, {
      authorization: `Bearer ${app.jwt.sign(staff.claims)}`,
    });
    expect(stream.status).toBe(200);
    await app.close();
    await waitUntil('the stream has ended', () => stream.closed);
    expect(stream.endReason()).toBe('server_closing');
    const result = await context.database.db.execute(
      sql`select 1 from pg_stat_activity where application_name = 'portals live events' and datname = current_database()`,
    );
    // The one left is this file's own app's.
    expect(result.rows).toHaveLength(1);
  });
});
