import { Contact, ContactRequest, CreatedApiToken, Problem, ProductCatalogue, Ticket } from '@portals/domain';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../src/db/schema/index';
import { bearer, createOrganization, createUser, type TestUser } from './fixtures';
import { useTestApp } from './test-app';

/** A contact of the owner's organization that its main contact could remove. */
const administrativeContactOf = async ({ app, owner }: World) => {
  const created = await app.inject({
    method: 'PUT',
    url: '/v1/contacts/administrative',
    headers: bearer(app, owner),
    payload: { name: 'Ada Admin', email: `ada-${Date.now()}-${Math.random()}@owner.example` },
  });
  return Contact.parse(created.json());
};

/** A pending contact request of the owner's organization. */
const contactRequestOf = async ({ app, owner }: World) => {
  const created = await app.inject({
    method: 'POST',
    url: '/v1/contact-requests',
    headers: bearer(app, owner),
    payload: {
      kind: 'technical_contact',
      name: 'Tom Tech',
      email: `tom-${Date.now()}-${Math.random()}@owner.example`,
    },
  });
  return ContactRequest.parse(created.json());
};

/** A ticket the owner opened. */
const ticketOf = async ({ app, owner }: World) => {
  const catalogue = ProductCatalogue.parse(
    (await app.inject({ method: 'GET', url: '/v1/products', headers: bearer(app, owner) })).json(),
  );
  const created = await app.inject({
    method: 'POST',
    url: '/v1/tickets',
    headers: bearer(app, owner),
    payload: { subject: 'Private', description: 'Private', productId: catalogue.items[0]?.id, severity: 3 },
  });
  return Ticket.parse(created.json());
};

interface World {
  app: FastifyInstance;
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
  'GET /v1/tickets/{ticketId}': async (world) => {
    const ticket = await ticketOf(world);
    return world.app.inject({
      method: 'GET',
      url: `/v1/tickets/${ticket.id}`,
      headers: bearer(world.app, world.caller),
    });
  },
  'GET /v1/tickets/{ticketId}/events': async (world) => {
    const ticket = await ticketOf(world);
    return world.app.inject({
      method: 'GET',
      url: `/v1/tickets/${ticket.id}/events`,
      headers: bearer(world.app, world.caller),
    });
  },
  'POST /v1/tickets/{ticketId}/replies': async (world) => {
    const ticket = await ticketOf(world);
    return world.app.inject({
      method: 'POST',
      url: `/v1/tickets/${ticket.id}/replies`,
      headers: bearer(world.app, world.caller),
      payload: { body: 'Let me in' },
    });
  },
  'PATCH /v1/contacts/{contactId}': async (world) => {
    const contact = await administrativeContactOf(world);
    return world.app.inject({
      method: 'PATCH',
      url: `/v1/contacts/${contact.id}`,
      headers: bearer(world.app, world.caller),
      payload: { name: 'Mallory' },
    });
  },
  'DELETE /v1/contacts/{contactId}': async (world) => {
    const contact = await administrativeContactOf(world);
    return world.app.inject({
      method: 'DELETE',
      url: `/v1/contacts/${contact.id}`,
      headers: bearer(world.app, world.caller),
    });
  },
  'DELETE /v1/me/api-tokens/{tokenId}': async ({ app, caller, owner }) => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/me/api-tokens',
      headers: bearer(app, owner),
      payload: {
        name: 'Monitoring',
        scopes: ['subscription:read:org'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const { apiToken } = CreatedApiToken.parse(created.json());
    return app.inject({
      method: 'DELETE',
      url: `/v1/me/api-tokens/${apiToken.id}`,
      headers: bearer(app, caller),
    });
  },
};

/**
 * Staff-only routes that take an id: staff act across organizations by design, so the case is that a
 * contact (here, a main contact) is refused them outright.
 */
const staffOnlyCases: Record<string, (world: World) => Promise<LightMyRequestResponse>> = {
  'POST /v1/tickets/{ticketId}/notes': async (world) => {
    const ticket = await ticketOf(world);
    return world.app.inject({
      method: 'POST',
      url: `/v1/tickets/${ticket.id}/notes`,
      headers: bearer(world.app, world.caller),
      payload: { body: 'Internal' },
    });
  },
  'POST /v1/staff/contact-requests/{requestId}/approve': async (world) => {
    const request = await contactRequestOf(world);
    return world.app.inject({
      method: 'POST',
      url: `/v1/staff/contact-requests/${request.id}/approve`,
      headers: bearer(world.app, world.caller),
    });
  },
  'POST /v1/staff/contact-requests/{requestId}/decline': async (world) => {
    const request = await contactRequestOf(world);
    return world.app.inject({
      method: 'POST',
      url: `/v1/staff/contact-requests/${request.id}/decline`,
      headers: bearer(world.app, world.caller),
      payload: { reason: 'Not yours to decide' },
    });
  },
  'GET /v1/staff/organizations/{organizationId}/subscriptions': ({ app, caller, owner }) =>
    app.inject({
      method: 'GET',
      url: `/v1/staff/organizations/${owner.claims.org}/subscriptions`,
      headers: bearer(app, caller),
    }),
  'PATCH /v1/staff/subscriptions/{subscriptionId}': async ({ app, caller, owner }) => {
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
    return app.inject({
      method: 'PATCH',
      url: `/v1/staff/subscriptions/${subscription?.id}`,
      headers: bearer(app, caller),
      payload: { servers: 1 },
    });
  },
};

describe("another organization's objects", () => {
  const context = useTestApp();
  let world: World;

  beforeAll(async () => {
    world = {
      app: context.app,
      caller: await createUser(context.database, {
        organizationId: await createOrganization(context.database),
        roles: ['main'],
      }),
      owner: await createUser(context.database, {
        organizationId: await createOrganization(context.database),
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
