import { Invoice, Problem, Ticket, TicketEvent } from '@portals/domain';
import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  changeRequests,
  contactRequests,
  idempotencyKeys,
  invoicePayments,
  invoices,
  questions,
  subscriptions,
  ticketEvents,
  tickets,
} from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { type RequestHelpers, useTestApp } from './test-app';
import { firstProductId } from './ticket-fixtures';
import { waitUntil } from './wait-until';

let sequence = 0;
const newKey = (what: string) => {
  sequence += 1;
  return `${what}-${sequence}-${Date.now()}`;
};

describe('Idempotency-Key on every creating POST', () => {
  const context = useTestApp();
  const people = {} as Record<'technical' | 'main' | 'otherMain' | 'billing' | 'agent', TestUser>;
  let organizationId: string;
  let otherOrganizationId: string;
  let productId: string;
  let subscriptionId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Retrying Ltd', tier: 'premium' });
    otherOrganizationId = await context.factories.organization({ name: 'Elsewhere Ltd', tier: 'premium' });
    people.technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    people.main = await context.factories.contact({ organizationId, roles: ['main'], tier: 'premium' });
    people.otherMain = await context.factories.contact({
      organizationId: otherOrganizationId,
      roles: ['main'],
      tier: 'premium',
    });
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.agent = await context.factories.staff({ roles: ['support_agent'] });
    productId = await firstProductId(context.database);
    const [subscription] = await context.database.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(eq(subscriptions.organizationId, organizationId));
    if (!subscription) throw new Error('no subscription');
    subscriptionId = subscription.id;
  });

  const rowsOf = async (table: Parameters<ReturnType<typeof context.database.db.select>['from']>[0]) => {
    const [row] = await context.database.db.select({ n: count() }).from(table);
    return row?.n ?? 0;
  };
  const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });
  const ticketOf = async (as: TestUser) => {
    const response = await context
      .as(as)
      .post('/v1/tickets', { subject: 'Needs an answer', description: 'Details', productId, severity: 3 });
    expect(response.statusCode, response.body).toBe(201);
    return Ticket.parse(response.json());
  };
  const issuedInvoice = async () => {
    const draft = await context.as(people.billing).post('/v1/staff/invoices', {
      organizationId,
      currency: 'EUR',
      lines: [{ description: 'Support', quantity: 1, unitPriceMinor: 10_000, taxRateBasisPoints: 2_000 }],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const { id } = Invoice.parse(draft.json());
    const issued = await context
      .as(people.billing)
      .post(`/v1/staff/invoices/${id}/issue`, { issueDate: '2026-11-30', dueDate: '2026-12-30' });
    expect(issued.statusCode, issued.body).toBe(200);
    return id;
  };
  const claimOf = async (key: string) => {
    const [row] = await context.database.db
      .select({ state: idempotencyKeys.state, credential: idempotencyKeys.credential })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, key));
    return row;
  };

  interface CreatingPost {
    name: string;
    as: () => TestUser;
    /** The URL and body of one creating request (made fresh for each test). */
    request: () => Promise<{ url: string; body: object }>;
    /** How many rows the creation adds to. */
    created: () => Promise<number>;
  }

  const creatingPosts: CreatingPost[] = [
    {
      name: 'a ticket',
      as: () => people.technical,
      request: async () => ({
        url: '/v1/tickets',
        body: { subject: 'VMs do not start', description: 'Since the upgrade', productId, severity: 2 },
      }),
      created: () => rowsOf(tickets),
    },
    {
      name: 'a reply to a ticket',
      as: () => people.technical,
      request: async () => ({
        url: `/v1/tickets/${(await ticketOf(people.technical)).id}/replies`,
        body: { body: 'The logs are attached' },
      }),
      created: () => rowsOf(ticketEvents),
    },
    {
      name: 'an invoice draft',
      as: () => people.billing,
      request: async () => ({
        url: '/v1/staff/invoices',
        body: {
          organizationId,
          currency: 'EUR',
          lines: [{ description: 'Training', quantity: 2, unitPriceMinor: 7_500, taxRateBasisPoints: 2_000 }],
        },
      }),
      created: () => rowsOf(invoices),
    },
    {
      name: 'a payment',
      as: () => people.billing,
      request: async () => ({
        url: `/v1/staff/invoices/${await issuedInvoice()}/payments`,
        body: {
          amountMinor: 1_000,
          method: 'bank_transfer',
          reference: 'Transfer 17',
          receivedOn: '2026-12-01',
        },
      }),
      created: () => rowsOf(invoicePayments),
    },
    {
      name: 'a question',
      as: () => people.main,
      request: async () => ({
        url: '/v1/questions',
        body: { topic: 'services', subject: 'Training on site?', body: 'Do you train on site?' },
      }),
      created: () => rowsOf(questions),
    },
    {
      name: 'a change request',
      as: () => people.main,
      request: async () => ({
        url: `/v1/subscriptions/${subscriptionId}/change-requests`,
        body: { kind: 'additional_servers', servers: 2 },
      }),
      created: () => rowsOf(changeRequests),
    },
    {
      name: 'a contact request',
      as: () => people.main,
      request: async () => ({
        url: '/v1/contact-requests',
        body: {
          kind: 'technical_contact',
          name: 'Night Shift',
          email: `night-${newKey('shift')}@retrying.example`,
          reason: 'Someone at night',
        },
      }),
      created: () => rowsOf(contactRequests),
    },
  ];

  describe('a retry with the same key and request', () => {
    for (const post of creatingPosts) {
      it(`replays the first answer to ${post.name}, says so, and creates nothing more`, async () => {
        const { url, body } = await post.request();
        const key = newKey('replay');
        const before = await post.created();
        const first = await context.as(post.as()).post(url, body, withKey(key));
        expect(first.statusCode, first.body).toBe(201);
        expect(first.headers['idempotent-replayed']).toBeUndefined();
        const afterFirst = await post.created();
        expect(afterFirst).toBeGreaterThan(before);

        const retry = await context.as(post.as()).post(url, body, withKey(key));
        expect(retry.statusCode).toBe(201);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect(retry.json()).toEqual(first.json());
        expect(await post.created()).toBe(afterFirst);
        expect((await claimOf(key))?.state).toBe('completed');
      });
    }

    it('creates anew without a key, each time', async () => {
      const post = creatingPosts[4] as CreatingPost;
      const { url, body } = await post.request();
      const before = await post.created();
      expect((await context.as(post.as()).post(url, body)).statusCode).toBe(201);
      expect((await context.as(post.as()).post(url, body)).statusCode).toBe(201);
      expect(await post.created()).toBe(before + 2);
    });
  });

  it('refuses the same key with another body: 422 problem+json, nothing created', async () => {
    const key = newKey('other-body');
    const ask = (subject: string) =>
      context
        .as(people.main)
        .post('/v1/questions', { topic: 'services', subject, body: 'Question' }, withKey(key));
    expect((await ask('First question')).statusCode).toBe(201);
    const before = await rowsOf(questions);
    const response = await ask('Second question');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(Problem.parse(response.json())).toMatchObject({
      code: 'idempotency_key_reused',
      detail: expect.stringContaining('another request'),
    });
    expect(await rowsOf(questions)).toBe(before);
  });

  /** Holds the ticket's row lock from the test until `release()`: a reply to it waits inside its transaction. */
  const holdTicketLock = async (ticketId: string) => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let lockHeld = () => {};
    const locked = new Promise<void>((resolve) => {
      lockHeld = resolve;
    });
    const holder = context.database.db.transaction(async (tx) => {
      await tx.execute(sql`select id from ${tickets} where id = ${ticketId} for update`);
      lockHeld();
      await released;
    });
    await locked;
    return { release, holder };
  };

  it('answers 409 problem+json to a retry while the first request is still running, then replays it', async () => {
    const ticket = await ticketOf(people.technical);
    const key = newKey('running');
    const url = `/v1/tickets/${ticket.id}/replies`;
    const send = () => context.as(people.technical).post(url, { body: 'Still there?' }, withKey(key));
    // The test holds the ticket's row lock: the first reply waits for it inside its transaction.
    const { release, holder } = await holdTicketLock(ticket.id);
    const first = send();
    try {
      await waitUntil('the first reply holds its key', async () => (await claimOf(key))?.state === 'running');
      const retry = await send();
      expect(retry.statusCode).toBe(409);
      expect(retry.headers['content-type']).toContain('application/problem+json');
      expect(Problem.parse(retry.json())).toMatchObject({
        code: 'idempotency_key_in_use',
        detail: expect.stringContaining('still running'),
      });
    } finally {
      release();
      await holder;
    }
    const answered = await first;
    expect(answered.statusCode, answered.body).toBe(201);
    const replayed = await send();
    expect(replayed.statusCode).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(TicketEvent.parse(replayed.json()).id).toBe(TicketEvent.parse(answered.json()).id);
    const replies = await context.database.db
      .select({ n: count() })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.kind, 'public_reply')));
    expect(replies[0]?.n).toBe(1);
  });

  it('commits the work and its stored answer together: a request whose claim was taken over writes nothing', async () => {
    const ticket = await ticketOf(people.technical);
    const key = newKey('taken-over');
    const url = `/v1/tickets/${ticket.id}/replies`;
    const { release, holder } = await holdTicketLock(ticket.id);
    const first = context.as(people.technical).post(url, { body: 'Slow reply' }, withKey(key));
    try {
      await waitUntil('the first reply holds its key', async () => (await claimOf(key))?.state === 'running');
      // As if its lease had ended and a retry had taken the key over meanwhile.
      await context.database.db
        .update(idempotencyKeys)
        .set({ attempt: sql`gen_random_uuid()` })
        .where(eq(idempotencyKeys.key, key));
    } finally {
      release();
      await holder;
    }
    const answered = await first;
    expect(answered.statusCode).toBe(409);
    expect(Problem.parse(answered.json()).code).toBe('idempotency_key_in_use');
    const replies = await context.database.db
      .select({ n: count() })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.kind, 'public_reply')));
    expect(replies[0]?.n).toBe(0);
  });

  it('creates one ticket from concurrent retries: the others replay it or are told it is running', async () => {
    const key = newKey('concurrent');
    const before = await rowsOf(tickets);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        context
          .as(people.technical)
          .post(
            '/v1/tickets',
            { subject: 'Concurrent', description: 'Five clicks', productId, severity: 3 },
            withKey(key),
          ),
      ),
    );
    for (const response of responses) expect([201, 409]).toContain(response.statusCode);
    const created = responses.filter((response) => response.statusCode === 201);
    expect(new Set(created.map((response) => Ticket.parse(response.json()).id)).size).toBe(1);
    expect(await rowsOf(tickets)).toBe(before + 1);
  });

  it('lets a failed first attempt be retried with the same key: the failure is not replayed', async () => {
    const ticket = await ticketOf(people.technical);
    await context.database.db.update(tickets).set({ status: 'closed' }).where(eq(tickets.id, ticket.id));
    const key = newKey('failed');
    const send = () =>
      context.as(people.technical).post(`/v1/tickets/${ticket.id}/replies`, { body: 'Hello?' }, withKey(key));
    const refused = await send();
    expect(refused.statusCode).toBe(409);
    expect(Problem.parse(refused.json()).code).not.toBe('idempotency_key_in_use');
    expect(await claimOf(key)).toBeUndefined();

    await context.database.db.update(tickets).set({ status: 'open' }).where(eq(tickets.id, ticket.id));
    const retried = await send();
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 409 to a retry while a claim is within its lease, and takes the key over once it is over', async () => {
    const key = newKey('crashed');
    const body = { topic: 'services', subject: 'After a crash', body: 'Did it arrive?' };
    const ask = () => context.as(people.main).post('/v1/questions', body, withKey(key));
    expect((await ask()).statusCode).toBe(201);
    // What a request that died mid-way leaves: its claim, running, without an answer.
    const crash = (lease: ReturnType<typeof sql>) =>
      context.database.db
        .update(idempotencyKeys)
        .set({ state: 'running', leaseExpiresAt: lease, responseStatus: null, responseBody: null })
        .where(eq(idempotencyKeys.key, key));
    await crash(sql`now() + interval '1 minute'`);
    const within = await ask();
    expect(within.statusCode).toBe(409);
    expect(Problem.parse(within.json()).code).toBe('idempotency_key_in_use');

    await crash(sql`now() - interval '1 second'`);
    const before = await rowsOf(questions);
    const after = await ask();
    expect(after.statusCode, after.body).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsOf(questions)).toBe(before + 1);
    expect((await claimOf(key))?.state).toBe('completed');
  });

  describe('keys are per credential', () => {
    const open = (client: RequestHelpers, key: string) =>
      client.post(
        '/v1/tickets',
        { subject: 'Same key', description: 'Two credentials', productId, severity: 3 },
        withKey(key),
      );

    it("does two separate writes for the same key from a person's session and from their API token", async () => {
      const { token } = await context.factories.apiToken(people.technical, {
        scopes: ['ticket:read:own', 'ticket:write:own'],
      });
      const key = newKey('credential');
      const fromSession = await open(context.as(people.technical), key);
      const fromToken = await open(context.asToken(token), key);
      expect(fromSession.statusCode).toBe(201);
      expect(fromToken.statusCode, fromToken.body).toBe(201);
      expect(fromToken.headers['idempotent-replayed']).toBeUndefined();
      expect(Ticket.parse(fromToken.json()).id).not.toBe(Ticket.parse(fromSession.json()).id);
      // Each replays its own answer.
      const tokenRetry = await open(context.asToken(token), key);
      expect(tokenRetry.headers['idempotent-replayed']).toBe('true');
      expect(Ticket.parse(tokenRetry.json()).id).toBe(Ticket.parse(fromToken.json()).id);
      const otherToken = await context.factories.apiToken(people.technical, {
        scopes: ['ticket:read:own', 'ticket:write:own'],
      });
      const fromOtherToken = await open(context.asToken(otherToken.token), key);
      expect(fromOtherToken.headers['idempotent-replayed']).toBeUndefined();
      expect(Ticket.parse(fromOtherToken.json()).id).not.toBe(Ticket.parse(fromToken.json()).id);
    });

    it("never replays another person's answer, in the same organization or another", async () => {
      const key = newKey('someone-else');
      const ask = (as: TestUser) =>
        context
          .as(as)
          .post('/v1/questions', { topic: 'services', subject: 'Mine', body: 'Mine' }, withKey(key));
      const mine = await ask(people.main);
      const colleague = await context.factories.contact({ organizationId, roles: ['administrative'] });
      const theirs = await ask(colleague);
      const outsider = await ask(people.otherMain);
      for (const response of [theirs, outsider]) {
        expect(response.statusCode, response.body).toBe(201);
        expect(response.headers['idempotent-replayed']).toBeUndefined();
        expect(response.json().id).not.toBe(mine.json().id);
      }
    });
  });

  it('starts anew with a key older than 24 hours, even before the hourly purge removed it', async () => {
    const key = newKey('aged');
    const body = { topic: 'services', subject: 'Yesterday', body: 'Asked yesterday' };
    const first = await context.as(people.main).post('/v1/questions', body, withKey(key));
    await context.database.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(idempotencyKeys.key, key));
    const late = await context.as(people.main).post('/v1/questions', body, withKey(key));
    expect(late.statusCode).toBe(201);
    expect(late.headers['idempotent-replayed']).toBeUndefined();
    expect(late.json().id).not.toBe(first.json().id);
  });

  describe('hostile keys', () => {
    for (const [name, key] of [
      ['an empty key', ''],
      ['a key over 200 characters', 'k'.repeat(201)],
      ['a key with a NUL byte', 'nul\u0000key'],
      ['a key with a space', 'two words'],
      ['a key with a control character', 'tab\there'],
      ['a key with characters beyond ASCII', 'clé'],
    ] as const) {
      it(`refuses ${name} with 400 problem+json and creates nothing`, async () => {
        const before = await rowsOf(questions);
        const response = await context.as(people.main).inject({
          method: 'POST',
          url: '/v1/questions',
          headers: { 'idempotency-key': key, 'content-type': 'application/json' },
          payload: JSON.stringify({ topic: 'services', subject: 'Hostile', body: 'Hostile key' }),
        });
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        const problem = Problem.parse(response.json());
        expect(problem.code).toBe('validation_failed');
        expect(problem.errors?.map((error) => error.path)).toContain('headers.idempotency-key');
        expect(await rowsOf(questions)).toBe(before);
      });
    }

    it('accepts a key of exactly 200 printable characters', async () => {
      const key = `${newKey('max')}-`.padEnd(200, 'x');
      const response = await context
        .as(people.main)
        .post('/v1/questions', { topic: 'services', subject: 'Longest key', body: 'Fits' }, withKey(key));
      expect(response.statusCode).toBe(201);
    });
  });

  it('documents the Idempotency-Key header on every idempotent endpoint of the API document', async () => {
    const document = (await context.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; description?: string }[] }>
      >;
    };
    for (const [path, method] of [
      ['/v1/tickets', 'post'],
      ['/v1/questions', 'post'],
      ['/v1/subscriptions/{subscriptionId}/change-requests', 'post'],
    ] as const) {
      const parameter = document.paths[path]?.[method]?.parameters?.find(
        (candidate) => candidate.name === 'idempotency-key',
      );
      expect(parameter, `${method} ${path}`).toMatchObject({ in: 'header' });
      expect(parameter?.description).toContain('24 hours');
    }
  });
});
