import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ChangeRequest,
  Contact,
  ContactRequest,
  Invoice,
  Problem,
  ProductCatalogue,
  Question,
  Statement,
  Ticket,
  TicketAttachmentList,
} from '@portals/domain';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alerts,
  cannedReplies,
  refreshTokens,
  subscriptions,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
} from '../src/db/schema/index';
import { type Factories, type TestUser, testPassword, uniqueEmail } from './fixtures';
import { type TestApp, testConfig, useTestApp } from './test-app';

/** A contact of the owner's organization that its main contact could remove. */
const administrativeContactOf = async ({ as, owner }: World) => {
  const created = await as(owner).put('/v1/contacts/administrative', {
    name: 'Ada Admin',
    email: uniqueEmail('ada', 'owner.example'),
  });
  return Contact.parse(created.json());
};

/** A pending contact request of the owner's organization. */
const contactRequestOf = async ({ as, owner }: World) => {
  const created = await as(owner).post('/v1/contact-requests', {
    kind: 'technical_contact',
    name: 'Tom Tech',
    email: uniqueEmail('tom', 'owner.example'),
  });
  return ContactRequest.parse(created.json());
};

/** The owner's organization's subscription (a new one of its own). */
const subscriptionOf = async ({ app, owner }: World) => {
  const [subscription] = await app.db
    .insert(subscriptions)
    .values({
      organizationId: owner.claims.org ?? '',
      tier: 'basic',
      servers: 2,
      termStart: '2026-01-01',
      termEnd: '2099-01-01',
    })
    .returning({ id: subscriptions.id });
  if (!subscription) throw new Error('subscription not created');
  return subscription.id;
};

/** A submitted change request of the owner's organization. */
const changeRequestOf = async (world: World) => {
  const created = await world
    .as(world.owner)
    .post(`/v1/subscriptions/${await subscriptionOf(world)}/change-requests`, {
      kind: 'additional_servers',
      servers: 2,
    });
  return ChangeRequest.parse(created.json());
};

/** A webhook endpoint of the owner's organization, with one delivery (written directly: no DNS here). */
const webhookOf = async ({ app, owner }: World) => {
  const organizationId = owner.claims.org ?? '';
  const [endpoint] = await app.db
    .insert(webhookEndpoints)
    .values({
      organizationId,
      ownerUserId: owner.id,
      url: 'https://hooks.example.com/portals',
      eventTypes: ['ticket.created'],
      secretSealed: 'sealed',
    })
    .returning({ id: webhookEndpoints.id });
  const [event] = await app.db
    .insert(webhookEvents)
    .values({ organizationId, type: 'ping', audience: 'endpoint', data: {} })
    .returning({ id: webhookEvents.id });
  if (!endpoint || !event) throw new Error('webhook not created');
  const [delivery] = await app.db
    .insert(webhookDeliveries)
    .values({ endpointId: endpoint.id, eventId: event.id, organizationId, retryUntil: new Date() })
    .returning({ id: webhookDeliveries.id });
  return { endpointId: endpoint.id, deliveryId: delivery?.id ?? '' };
};

/** A ticket the owner opened. */
const ticketOf = async ({ as, owner }: World) => {
  const catalogue = ProductCatalogue.parse((await as(owner).get('/v1/products')).json());
  const created = await as(owner).post('/v1/tickets', {
    subject: 'Private',
    description: 'Private',
    productId: catalogue.items[0]?.id,
    severity: 3,
  });
  return Ticket.parse(created.json());
};

/** The caller's request for a change to a ticket of the owner's. */
const changeOwnersTicket =
  (change: string, body: (world: World) => Promise<object> | object) => async (world: World) => {
    const ticket = await ticketOf(world);
    return world.as(world.caller).post(`/v1/tickets/${ticket.id}/${change}`, await body(world));
  };

/** A canned reply: staff's, global. */
const cannedReplyOf = async ({ app }: World) => {
  const [reply] = await app.db
    .insert(cannedReplies)
    .values({ title: 'Thanks', body: 'Thank you for the logs.' })
    .returning({ id: cannedReplies.id });
  return reply?.id;
};

const tus = { 'tus-resumable': '1.0.0' };
const offsetOctetStream = { ...tus, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' };

/** An upload the owner started for their ticket (tus creation); its address. */
const uploadOf = async (world: World, length: number) => {
  const ticket = await ticketOf(world);
  const created = await world.as(world.owner).post('/v1/uploads', undefined, {
    headers: {
      ...tus,
      'upload-length': String(length),
      'upload-metadata': `ticketId ${Buffer.from(ticket.id).toString('base64')}`,
    },
  });
  return { ticket, location: String(created.headers.location) };
};

/** A file the owner attached to their ticket. */
const attachmentOf = async (world: World) => {
  const content = Buffer.from('private attachment');
  const { ticket, location } = await uploadOf(world, content.length);
  await world
    .as(world.owner)
    .inject({ method: 'PATCH', url: location, headers: offsetOctetStream, payload: content });
  const listed = await world.as(world.owner).get(`/v1/tickets/${ticket.id}/attachments`);
  const [attachment] = TicketAttachmentList.parse(listed.json()).items;
  if (!attachment) throw new Error('the attachment was not recorded');
  return attachment;
};

/** An invoice of the owner's organization, drafted and (unless `draft`) issued by billing staff. */
const invoiceOf = async ({ as, factories, owner }: World, { draft = false } = {}) => {
  const billing = await factories.staff({ roles: ['billing'] });
  const created = await as(billing).post('/v1/staff/invoices', {
    organizationId: owner.claims.org,
    currency: 'EUR',
    lines: [{ description: 'Private', quantity: 1, unitPriceMinor: 1_000, taxRateBasisPoints: 2_000 }],
  });
  const { id } = Invoice.parse(created.json());
  if (!draft) await as(billing).post(`/v1/staff/invoices/${id}/issue`, {});
  return id;
};

/** A question the owner asked, about billing. */
const questionOf = async (world: World) => {
  const asked = await world
    .as(world.owner)
    .post('/v1/questions', { topic: 'invoicing_billing', subject: 'Private', body: 'Private question' });
  return Question.parse(asked.json()).id;
};

/** A statement the owner generated of their organization's account. */
const statementOf = async (world: World) => {
  await invoiceOf(world);
  const generated = await world
    .as(world.owner)
    .post('/v1/statements', { currency: 'EUR', from: '2026-01-01', to: '2030-12-31' });
  return Statement.parse(generated.json()).id;
};

interface World {
  app: FastifyInstance;
  as: TestApp['as'];
  factories: Factories;
  /** A contact of one organization, asking for… */
  caller: TestUser;
  /** …objects that belong to a contact of another organization. */
  owner: TestUser;
}

/**
 * Every route that takes an id, with a request for another organization's object.
 * A new id-taking route fails the first test until it has its case here.
 */
const cases: Record<string, (world: World) => Promise<LightMyRequestResponse>> = {
  'POST /v1/subscriptions/{subscriptionId}/change-requests': async (world) =>
    world.as(world.caller).post(`/v1/subscriptions/${await subscriptionOf(world)}/change-requests`, {
      kind: 'additional_servers',
      servers: 1,
    }),
  'GET /v1/webhooks/{webhookId}': async (world) =>
    world.as(world.caller).get(`/v1/webhooks/${(await webhookOf(world)).endpointId}`),
  'PATCH /v1/webhooks/{webhookId}': async (world) =>
    world.as(world.caller).patch(`/v1/webhooks/${(await webhookOf(world)).endpointId}`, { enabled: false }),
  'DELETE /v1/webhooks/{webhookId}': async (world) =>
    world.as(world.caller).delete(`/v1/webhooks/${(await webhookOf(world)).endpointId}`),
  'POST /v1/webhooks/{webhookId}/secret-rotations': async (world) =>
    world.as(world.caller).post(`/v1/webhooks/${(await webhookOf(world)).endpointId}/secret-rotations`),
  'POST /v1/webhooks/{webhookId}/pings': async (world) =>
    world.as(world.caller).post(`/v1/webhooks/${(await webhookOf(world)).endpointId}/pings`),
  'GET /v1/webhooks/{webhookId}/deliveries': async (world) =>
    world.as(world.caller).get(`/v1/webhooks/${(await webhookOf(world)).endpointId}/deliveries`),
  'POST /v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliveries': async (world) => {
    const { endpointId, deliveryId } = await webhookOf(world);
    return world.as(world.caller).post(`/v1/webhooks/${endpointId}/deliveries/${deliveryId}/redeliveries`);
  },
  'GET /v1/change-requests/{requestId}': async (world) =>
    world.as(world.caller).get(`/v1/change-requests/${(await changeRequestOf(world)).id}`),
  'GET /v1/invoices/{invoiceId}': async (world) =>
    world.as(world.caller).get(`/v1/invoices/${await invoiceOf(world)}`),
  'GET /v1/invoices/{invoiceId}/pdf': async (world) =>
    world.as(world.caller).get(`/v1/invoices/${await invoiceOf(world)}/pdf`),
  'GET /v1/statements/{statementId}': async (world) =>
    world.as(world.caller).get(`/v1/statements/${await statementOf(world)}`),
  'GET /v1/questions/{questionId}': async (world) =>
    world.as(world.caller).get(`/v1/questions/${await questionOf(world)}`),
  'POST /v1/questions/{questionId}/messages': async (world) =>
    world.as(world.caller).post(`/v1/questions/${await questionOf(world)}/messages`, { body: 'Let me in' }),
  'GET /v1/statements/{statementId}/csv': async (world) =>
    world.as(world.caller).get(`/v1/statements/${await statementOf(world)}/csv`),
  'GET /v1/statements/{statementId}/pdf': async (world) =>
    world.as(world.caller).get(`/v1/statements/${await statementOf(world)}/pdf`),
  'GET /v1/tickets/{ticketId}': async (world) => {
    const ticket = await ticketOf(world);
    return world.as(world.caller).get(`/v1/tickets/${ticket.id}`);
  },
  'GET /v1/tickets/{ticketId}/events': async (world) => {
    const ticket = await ticketOf(world);
    return world.as(world.caller).get(`/v1/tickets/${ticket.id}/events`);
  },
  'GET /v1/tickets/{ticketId}/attachments': async (world) => {
    const ticket = await ticketOf(world);
    return world.as(world.caller).get(`/v1/tickets/${ticket.id}/attachments`);
  },
  'GET /v1/tickets/{ticketId}/attachments/{attachmentId}/content': async (world) => {
    const attachment = await attachmentOf(world);
    return world
      .as(world.caller)
      .get(`/v1/tickets/${attachment.ticketId}/attachments/${attachment.id}/content`);
  },
  'POST /v1/tickets/{ticketId}/attachments/{attachmentId}/download-link': async (world) => {
    const attachment = await attachmentOf(world);
    return world
      .as(world.caller)
      .post(`/v1/tickets/${attachment.ticketId}/attachments/${attachment.id}/download-link`);
  },
  'PATCH /v1/uploads/{uploadId}': async (world) => {
    const { location } = await uploadOf(world, 5);
    return world
      .as(world.caller)
      .inject({ method: 'PATCH', url: location, headers: offsetOctetStream, payload: Buffer.from('hello') });
  },
  'DELETE /v1/uploads/{uploadId}': async (world) => {
    const { location } = await uploadOf(world, 5);
    return world.as(world.caller).delete(location, { headers: tus });
  },
  'POST /v1/tickets/{ticketId}/replies': async (world) => {
    const ticket = await ticketOf(world);
    return world.as(world.caller).post(`/v1/tickets/${ticket.id}/replies`, { body: 'Let me in' });
  },
  'POST /v1/tickets/{ticketId}/status': changeOwnersTicket('status', () => ({ status: 'solved' })),
  'POST /v1/tickets/{ticketId}/severity': changeOwnersTicket('severity', () => ({
    severity: 1,
    reason: 'Production is down',
  })),
  'POST /v1/tickets/{ticketId}/ccs': changeOwnersTicket('ccs', ({ caller }) => ({ add: [caller.id] })),
  'PATCH /v1/contacts/{contactId}': async (world) => {
    const contact = await administrativeContactOf(world);
    return world.as(world.caller).patch(`/v1/contacts/${contact.id}`, { name: 'Mallory' });
  },
  'DELETE /v1/contacts/{contactId}': async (world) => {
    const contact = await administrativeContactOf(world);
    return world.as(world.caller).delete(`/v1/contacts/${contact.id}`);
  },
  'PUT /v1/tickets/{ticketId}/rating': async (world) => {
    const ticket = await ticketOf(world);
    return world.as(world.caller).put(`/v1/tickets/${ticket.id}/rating`, { rating: 'bad' });
  },
  // An alert for the owner's organization only (its tier), which the caller's does not hold.
  'POST /v1/alerts/{alertId}/dismissal': async ({ app, as, caller, owner }) => {
    const ownerTier = await app.db
      .insert(subscriptions)
      .values({
        organizationId: owner.claims.org ?? '',
        tier: 'advanced',
        servers: 2,
        termStart: '2026-01-01',
        termEnd: '2099-01-01',
      })
      .returning({ tier: subscriptions.tier });
    const [alert] = await app.db
      .insert(alerts)
      .values({ kind: 'incident', title: 'Outage', body: 'Theirs', tiers: ownerTier.map((row) => row.tier) })
      .returning({ id: alerts.id });
    return as(caller).post(`/v1/alerts/${alert?.id}/dismissal`);
  },
  'DELETE /v1/me/api-tokens/{tokenId}': async ({ as, factories, caller, owner }) => {
    const { apiToken } = await factories.apiToken(owner);
    return as(caller).delete(`/v1/me/api-tokens/${apiToken.id}`);
  },
  'DELETE /v1/me/sessions/{sessionId}': async ({ app, as, caller, owner }) => {
    const signedIn = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: owner.email, password: testPassword },
    });
    expect(signedIn.statusCode).toBe(200);
    const [session] = await app.db
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, owner.id));
    return as(caller).delete(`/v1/me/sessions/${session?.familyId}`);
  },
};

/**
 * Staff-only routes that take an id: staff act across organizations by design, so the case is that a
 * contact (here, a main contact) is refused them outright.
 */
const staffOnlyCases: Record<string, (world: World) => Promise<LightMyRequestResponse>> = {
  'POST /v1/staff/change-requests/{requestId}/start-review': async (world) =>
    world
      .as(world.caller)
      .post(`/v1/staff/change-requests/${(await changeRequestOf(world)).id}/start-review`),
  'POST /v1/staff/change-requests/{requestId}/approve': async (world) =>
    world.as(world.caller).post(`/v1/staff/change-requests/${(await changeRequestOf(world)).id}/approve`),
  'POST /v1/staff/change-requests/{requestId}/decline': async (world) =>
    world.as(world.caller).post(`/v1/staff/change-requests/${(await changeRequestOf(world)).id}/decline`, {
      reason: 'Not yours',
    }),
  'PUT /v1/staff/invoices/{invoiceId}': async (world) =>
    world.as(world.caller).put(`/v1/staff/invoices/${await invoiceOf(world, { draft: true })}`, {
      currency: 'EUR',
      lines: [{ description: 'Changed', quantity: 1, unitPriceMinor: 1, taxRateBasisPoints: 0 }],
    }),
  'DELETE /v1/staff/invoices/{invoiceId}': async (world) =>
    world.as(world.caller).delete(`/v1/staff/invoices/${await invoiceOf(world, { draft: true })}`),
  'POST /v1/staff/invoices/{invoiceId}/issue': async (world) =>
    world.as(world.caller).post(`/v1/staff/invoices/${await invoiceOf(world, { draft: true })}/issue`, {}),
  'POST /v1/staff/invoices/{invoiceId}/void': async (world) =>
    world.as(world.caller).post(`/v1/staff/invoices/${await invoiceOf(world)}/void`, { reason: 'Mine' }),
  'POST /v1/staff/invoices/{invoiceId}/credit-notes': async (world) =>
    world
      .as(world.caller)
      .post(`/v1/staff/invoices/${await invoiceOf(world)}/credit-notes`, { amountMinor: 1, reason: 'Mine' }),
  'POST /v1/staff/organizations/{organizationId}/refunds': ({ as, caller, owner }) =>
    as(caller).post(`/v1/staff/organizations/${owner.claims.org}/refunds`, {
      currency: 'EUR',
      amountMinor: 1,
      reference: 'Mine',
      refundedOn: '2026-11-20',
    }),
  'POST /v1/staff/invoices/{invoiceId}/payments': async (world) =>
    world.as(world.caller).post(`/v1/staff/invoices/${await invoiceOf(world)}/payments`, {
      amountMinor: 1,
      method: 'other',
      reference: 'Mine',
      receivedOn: '2026-11-20',
    }),
  'GET /v1/staff/questions/{questionId}': async (world) =>
    world.as(world.caller).get(`/v1/staff/questions/${await questionOf(world)}`),
  'POST /v1/staff/questions/{questionId}/answers': async (world) =>
    world.as(world.caller).post(`/v1/staff/questions/${await questionOf(world)}/answers`, { body: 'Mine' }),
  'POST /v1/staff/questions/{questionId}/handover': async (world) =>
    world
      .as(world.caller)
      .post(`/v1/staff/questions/${await questionOf(world)}/handover`, { team: 'account_management' }),
  'POST /v1/staff/questions/{questionId}/close': async (world) =>
    world.as(world.caller).post(`/v1/staff/questions/${await questionOf(world)}/close`),
  'GET /v1/staff/organizations/{organizationId}': ({ as, caller, owner }) =>
    as(caller).get(`/v1/staff/organizations/${owner.claims.org}`),
  'GET /v1/staff/organizations/{organizationId}/contacts': ({ as, caller, owner }) =>
    as(caller).get(`/v1/staff/organizations/${owner.claims.org}/contacts`),
  // A contact's presence would tell staff of another organization's ticket; contacts never announce it.
  'POST /v1/tickets/{ticketId}/presence': async (world) => {
    const ticket = await ticketOf(world);
    return world.as(world.caller).post(`/v1/tickets/${ticket.id}/presence`, { state: 'viewing' });
  },
  'POST /v1/tickets/{ticketId}/notes': async (world) => {
    const ticket = await ticketOf(world);
    return world.as(world.caller).post(`/v1/tickets/${ticket.id}/notes`, { body: 'Internal' });
  },
  'POST /v1/tickets/{ticketId}/assignee': changeOwnersTicket('assignee', () => ({ assigneeId: null })),
  'POST /v1/tickets/{ticketId}/product': changeOwnersTicket('product', () => ({
    productId: '00000000-0000-4000-8000-000000000000',
    componentId: null,
    versionId: null,
  })),
  'POST /v1/tickets/{ticketId}/merge': changeOwnersTicket('merge', async (world) => ({
    intoTicketId: (await ticketOf(world)).id,
  })),
  'PUT /v1/staff/canned-replies/{cannedReplyId}': async (world) =>
    world.as(world.caller).put(`/v1/staff/canned-replies/${await cannedReplyOf(world)}`, {
      title: 'Mine now',
      body: 'Taken over.',
    }),
  'DELETE /v1/staff/canned-replies/{cannedReplyId}': async (world) =>
    world.as(world.caller).delete(`/v1/staff/canned-replies/${await cannedReplyOf(world)}`),
  'POST /v1/staff/contact-requests/{requestId}/approve': async (world) => {
    const request = await contactRequestOf(world);
    return world.as(world.caller).post(`/v1/staff/contact-requests/${request.id}/approve`);
  },
  'POST /v1/staff/contact-requests/{requestId}/decline': async (world) => {
    const request = await contactRequestOf(world);
    return world
      .as(world.caller)
      .post(`/v1/staff/contact-requests/${request.id}/decline`, { reason: 'Not yours to decide' });
  },
  'GET /v1/staff/organizations/{organizationId}/subscriptions': ({ as, caller, owner }) =>
    as(caller).get(`/v1/staff/organizations/${owner.claims.org}/subscriptions`),
  'PATCH /v1/staff/subscriptions/{subscriptionId}': async ({ app, as, caller, owner }) => {
    const [subscription] = await app.db
      .insert(subscriptions)
      .values({
        organizationId: owner.claims.org ?? '',
        tier: 'basic',
        servers: 2,
        termStart: '2026-01-01',
        termEnd: '2027-01-01',
      })
      .returning({ id: subscriptions.id });
    return as(caller).patch(`/v1/staff/subscriptions/${subscription?.id}`, { servers: 1 });
  },
};

describe("another organization's objects", () => {
  // Attachments and uploads in progress go to a folder of this test's own.
  const dataDir = path.join(os.tmpdir(), `cross-organization-${randomUUID()}`);
  const context = useTestApp({ config: testConfig({ DATA_DIR: dataDir }) });
  let world: World;

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  beforeAll(async () => {
    world = {
      app: context.app,
      as: context.as,
      factories: context.factories,
      caller: await context.factories.contact({
        organizationId: await context.factories.organization(),
        roles: ['main'],
      }),
      owner: await context.factories.contact({
        organizationId: await context.factories.organization(),
        roles: ['main'],
      }),
    };
  });

  it('has a case for every route that takes an id', async () => {
    const document = (await world.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const idRoutes = Object.entries(document.paths)
      .filter(([path]) => path.includes('{'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
    expect(idRoutes.sort()).toEqual([...Object.keys(cases), ...Object.keys(staffOnlyCases)].sort());
  });

  for (const [route, request] of Object.entries(cases)) {
    it(`${route} answers 404, never the object`, async () => {
      const response = await request(world);
      expect(response.statusCode).toBe(404);
      expect(Problem.parse(response.json()).code).toBe('not_found');
    });
  }

  for (const [route, request] of Object.entries(staffOnlyCases)) {
    it(`${route} refuses a contact (staff only)`, async () => {
      const response = await request(world);
      expect(response.statusCode).toBe(403);
      expect(Problem.parse(response.json()).code).toBe('forbidden');
    });
  }
});
