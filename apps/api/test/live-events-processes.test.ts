import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketEvents } from '../src/db/schema/index';
import { type ApiProcess, startApiProcess } from './api-process';
import type { TestUser } from './fixtures';
import { openSse, type SseClient } from './sse-client';
import { useTestApp } from './test-app';
import { createTicket } from './ticket-fixtures';
import { waitUntil } from './wait-until';

/**
 * Two API processes on one database, as behind a load balancer: a change committed through one reaches
 * the streams of the other (each process has its own LISTEN connection), and a client moved from one to
 * the other resumes with Last-Event-ID without losing or repeating an event.
 */
describe('live events across two API processes', () => {
  // Signs the tokens (the processes use the same development key in the test environment) and makes rows.
  const context = useTestApp();
  const processes: ApiProcess[] = [];
  const streams: SseClient[] = [];
  let dataDir = '';
  let first: ApiProcess;
  let second: ApiProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-live-events-'));
    const settings = {
      NODE_ENV: 'test',
      DATABASE_URL: context.database.url,
      DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
      LIVE_EVENTS_HEARTBEAT_SECONDS: '1',
    };
    first = await startApiProcess(settings);
    processes.push(first);
    second = await startApiProcess(settings);
    processes.push(second);
  }, 120_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    for (const api of processes) await api.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  const bearer = (user: TestUser) => `Bearer ${context.app.jwt.sign(user.claims)}`;

  const streamOn = async (api: ApiProcess, user: TestUser, lastEventId?: string) => {
    const stream = await openSse(`${api.baseUrl}/v1/events`, {
      authorization: bearer(user),
      ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
    });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await waitUntil('the stream is open', () => stream.messages.some((message) => message.id !== undefined));
    return stream;
  };

  /** The ticket's events after `afterId`, as the timeline has them (a reply may also change the status). */
  const eventIdsOf = async (ticketId: string, afterId: number, visibility?: 'public') => {
    const rows = await context.database.db
      .select({ id: ticketEvents.id })
      .from(ticketEvents)
      .where(
        and(
          eq(ticketEvents.ticketId, ticketId),
          gt(ticketEvents.id, afterId),
          visibility ? eq(ticketEvents.visibility, visibility) : undefined,
        ),
      )
      .orderBy(asc(ticketEvents.id));
    return rows.map((row) => row.id);
  };

  const post = async (api: ApiProcess, user: TestUser, url: string, body: unknown) => {
    const response = await fetch(`${api.baseUrl}${url}`, {
      method: 'POST',
      headers: { authorization: bearer(user), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { id: number };
  };

  it('delivers a reply committed through one process to a client of the other, and a note only to staff there', async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    const contact = await context.factories.contact({ organizationId, roles: ['main'] });
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const ticket = await createTicket(context.database, { organizationId, requesterUserId: contact.id });

    const contactOnSecond = await streamOn(second, contact);
    const agentOnSecond = await streamOn(second, agent);
    const from = Number(contactOnSecond.messages.find((message) => message.id !== undefined)?.id);
    const reply = await post(first, agent, `/v1/tickets/${ticket.id}/replies`, { body: 'We are on it.' });
    const note = await post(first, agent, `/v1/tickets/${ticket.id}/notes`, {
      body: 'Check the disk first.',
    });

    await waitUntil('the contact has the reply', () => contactOnSecond.eventIds().includes(reply.id));
    await waitUntil('the agent has the reply and the note', () => agentOnSecond.eventIds().includes(note.id));
    expect(agentOnSecond.eventIds()).toEqual(await eventIdsOf(ticket.id, from));
    // The contact's stream has had a heartbeat after the note went out to the agent's: nothing more.
    const heartbeats = contactOnSecond.heartbeats();
    await waitUntil('a heartbeat', () => contactOnSecond.heartbeats() > heartbeats);
    expect(contactOnSecond.eventIds()).toEqual(await eventIdsOf(ticket.id, from, 'public'));
    expect(contactOnSecond.eventIds()).not.toContain(note.id);
    expect(contactOnSecond.text()).not.toContain('Check the disk first.');
  });

  it('resumes with Last-Event-ID on the other process: what was missed, in order and once, then live', async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    const contact = await context.factories.contact({ organizationId, roles: ['technical'] });
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const ticket = await createTicket(context.database, { organizationId, requesterUserId: contact.id });

    const onFirst = await streamOn(first, contact);
    const seen = await post(second, agent, `/v1/tickets/${ticket.id}/replies`, { body: 'First answer.' });
    const [seenLast] = (await eventIdsOf(ticket.id, seen.id - 1, 'public')).slice(-1);
    await waitUntil('the first answer and what it changed', () => onFirst.eventIds().includes(seenLast ?? 0));
    const lastId = onFirst.messages.filter((message) => message.id !== undefined).at(-1)?.id;
    expect(lastId).toBe(String(seenLast));
    // The first process's client goes away (a balancer moved it, or the process stopped).
    onFirst.close();
    await post(second, agent, `/v1/tickets/${ticket.id}/replies`, { body: 'Second answer.' });
    await post(first, contact, `/v1/tickets/${ticket.id}/replies`, { body: 'Thanks, trying now.' });
    const missed = await eventIdsOf(ticket.id, Number(lastId), 'public');
    expect(missed.length).toBeGreaterThanOrEqual(2);
    const onSecond = await streamOn(second, contact, lastId);
    await waitUntil('what was missed', () => onSecond.eventIds().length >= missed.length);
    const live = await post(first, agent, `/v1/tickets/${ticket.id}/replies`, { body: 'Third answer.' });
    const everything = await eventIdsOf(ticket.id, Number(lastId), 'public');
    expect(everything).toContain(live.id);
    await waitUntil('the live answer', () => onSecond.eventIds().length >= everything.length);
    expect(onSecond.eventIds()).toEqual(everything);
  });

  it('tells its clients it is closing when it stops, and stops promptly with streams open', async () => {
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const stream = await streamOn(second, agent);
    await second.kill('SIGTERM');
    await waitUntil('the stream has ended', () => stream.closed);
    expect(stream.endReason()).toBe('server_closing');
    expect(second.output()).not.toContain('Shutdown took too long');
    // The other process still serves its clients.
    const onFirst = await streamOn(first, agent);
    expect(onFirst.closed).toBe(false);
  });
});
