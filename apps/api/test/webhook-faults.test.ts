import { Ticket } from '@portals/domain';
import { and, eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketEvents } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { openSse, type SseClient } from './sse-client';
import { testConfig, useTestApp } from './test-app';
import { firstProductId } from './ticket-fixtures';
import { waitUntil } from './wait-until';
import { deliveriesOf, registerWebhook, runWebhookRetriesNow, useWebhookReceiver } from './webhooks';

const config = testConfig({ WEBHOOK_PRIVATE_TARGETS: 'allowed', PUBLIC_URL: 'https://portals.example' });

/** The ticket event ids a receiver path got in successful deliveries (one per receipt: duplicates kept). */
const ticketEventIdsAt = (events: { data: Record<string, unknown> }[]) =>
  events
    .map((event) => (event.data.ticketEvent as { id: number } | undefined)?.id)
    .filter((id): id is number => id !== undefined);

const tally = (written: readonly number[], received: readonly number[]) => {
  const unique = new Set(received);
  return {
    received: received.length,
    lost: written.filter((id) => !unique.has(id)).length,
    duplicated: received.length - unique.size,
  };
};

describe('webhook faults: nothing lost, nothing twice', () => {
  const context = useTestApp({ config });
  useMailDelivery(
    () => context.database,
    () => config,
  );
  const receiver = useWebhookReceiver();
  let main: TestUser;
  let technical: TestUser;
  let agent: TestUser;
  let organizationId: string;
  let productId: string;
  let base = '';
  const streams: SseClient[] = [];

  beforeAll(async () => {
    await context.app.listen({ host: '127.0.0.1', port: 0 });
    const address = context.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    organizationId = await context.factories.organization({ tier: 'premium' });
    main = await context.factories.contact({ organizationId, roles: ['main'] });
    technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    agent = await context.factories.staff({ roles: ['support_agent'] });
    productId = await firstProductId(context.database);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    // The listening server closes here, before the worker stops: left to useTestApp's close, after the
    // worker had stopped, it waited past the hook's minute (seen, not explained further).
    await context.app.close();
  });

  const openTicket = async (who: TestUser, subject: string) => {
    const response = await context.as(who).post('/v1/tickets', {
      subject,
      description: 'Fault test',
      productId,
      severity: 3,
    });
    expect(response.statusCode, response.body).toBe(201);
    return Ticket.parse(response.json());
  };
  const reply = async (who: TestUser, ticketId: string, body: string) => {
    const response = await context.as(who).post(`/v1/tickets/${ticketId}/replies`, { body });
    expect(response.statusCode, response.body).toBe(201);
  };
  /** The public events of the organization after `afterId`: what the main contact may receive. */
  const publicEventIdsAfter = async (afterId: number) =>
    (
      await context.database.db
        .select({ id: ticketEvents.id })
        .from(ticketEvents)
        .where(
          and(
            eq(ticketEvents.organizationId, organizationId),
            gt(ticketEvents.id, afterId),
            eq(ticketEvents.visibility, 'public'),
          ),
        )
        .orderBy(ticketEvents.id)
    ).map((row) => row.id);
  const latestEventId = async () =>
    Number(
      (
        await context.database.db
          .select({ id: sql<string | null>`max(${ticketEvents.id})` })
          .from(ticketEvents)
      )[0]?.id ?? 0,
    );

  it('delivers every event once a receiver that was down comes back', async () => {
    const { endpoint } = await registerWebhook(context.as(main), {
      url: receiver.url('/down'),
      eventTypes: ['ticket.created', 'ticket.replied', 'ticket.updated'],
    });
    const before = await latestEventId();
    await receiver.stop();
    for (let index = 0; index < 5; index += 1) {
      const ticket = await openTicket(technical, `While the receiver is down ${index}`);
      await reply(agent, ticket.id, 'We are on it');
    }
    const written = await publicEventIdsAfter(before);
    // Every delivery failed at least once while the receiver was down.
    await waitUntil('every delivery failed once', async () => {
      const deliveries = await deliveriesOf(context.as(main), endpoint.id);
      return deliveries.length === written.length && deliveries.every((item) => item.attempts.length >= 1);
    });
    const deliveries = await deliveriesOf(context.as(main), endpoint.id);
    expect(
      deliveries.every((item) => item.status === 'pending' && item.attempts[0]?.statusCode === null),
    ).toBe(true);

    await receiver.start();
    await runWebhookRetriesNow(context.database);
    await waitUntil('every event arrived', () => {
      const received = new Set(ticketEventIdsAt(receiver.events('/down')));
      return written.every((id) => received.has(id));
    });
    const counts = tally(written, ticketEventIdsAt(receiver.events('/down')));
    console.log(
      `receiver down: events written ${written.length}, received by webhook ${counts.received}, lost ${counts.lost}, duplicated ${counts.duplicated}`,
    );
    expect(counts).toEqual({ received: written.length, lost: 0, duplicated: 0 });
    await waitUntil('every delivery is logged as succeeded', async () =>
      (await deliveriesOf(context.as(main), endpoint.id)).every((item) => item.status === 'succeeded'),
    );
  });

  it('gives an SSE client and a webhook receiver every event of a run of ticket writes, once each', async () => {
    const before = await latestEventId();
    await registerWebhook(context.as(main), {
      url: receiver.url('/run'),
      eventTypes: ['ticket.created', 'ticket.replied', 'ticket.updated', 'ticket.solved'],
    });
    const stream = await openSse(`${base}/v1/events`, {
      authorization: `Bearer ${context.app.jwt.sign(main.claims)}`,
    });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await waitUntil('the stream is listening', () => context.app.liveEvents.listenerCount >= 1);

    // Writes from three people at once, and the receiver failing for a stretch in the middle.
    const run = async (round: number) => {
      const ticket = await openTicket(round % 2 === 0 ? main : technical, `Run ${round}`);
      await reply(agent, ticket.id, `Answer ${round}`);
      await reply(round % 2 === 0 ? main : technical, ticket.id, `Thanks ${round}`);
      if (round % 3 === 0) {
        const solved = await context.as(agent).post(`/v1/tickets/${ticket.id}/status`, { status: 'solved' });
        expect(solved.statusCode, solved.body).toBe(204);
      }
    };
    await Promise.all([0, 1, 2, 3, 4].map(run));
    receiver.answer = ({ headers }) => (headers['x-receiver-path'] === '/run' ? 503 : 200);
    await Promise.all([5, 6, 7, 8, 9].map(run));
    await waitUntil('the receiver refused some deliveries', () =>
      receiver.at('/run').some((request) => request.status === 503),
    );
    receiver.answer = () => 200;
    await Promise.all([10, 11, 12, 13, 14].map(run));
    await runWebhookRetriesNow(context.database);

    const written = await publicEventIdsAfter(before);
    await waitUntil('the SSE client got every event', () => {
      const ids = new Set(stream.eventIds());
      return written.every((id) => ids.has(id));
    });
    await waitUntil(
      'the webhook receiver got every event',
      async () => {
        await runWebhookRetriesNow(context.database);
        const ids = new Set(ticketEventIdsAt(receiver.events('/run')));
        return written.every((id) => ids.has(id));
      },
      60_000,
    );
    const sse = tally(
      written,
      stream.eventIds().filter((id) => id > before),
    );
    const webhook = tally(written, ticketEventIdsAt(receiver.events('/run')));
    console.log(
      `ticket writes: events written ${written.length}, received by SSE ${sse.received}, received by webhook ${webhook.received}, ` +
        `lost ${sse.lost + webhook.lost} (SSE ${sse.lost}, webhook ${webhook.lost}), ` +
        `duplicated ${sse.duplicated + webhook.duplicated} (SSE ${sse.duplicated}, webhook ${webhook.duplicated})`,
    );
    expect(sse).toEqual({ received: written.length, lost: 0, duplicated: 0 });
    expect(webhook).toEqual({ received: written.length, lost: 0, duplicated: 0 });
    expect(receiver.at('/run').some((request) => request.status === 503)).toBe(true);
  });
});
