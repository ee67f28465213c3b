import { Ticket } from '@portals/domain';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactRoles, webhookDeliveries } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { firstProductId } from './ticket-fixtures';
import { waitUntil } from './wait-until';
import { registerWebhook, useWebhookReceiver } from './webhooks';

const config = testConfig({ WEBHOOK_PRIVATE_TARGETS: 'allowed', PUBLIC_URL: 'https://portals.example' });

/** Who gets which event: the endpoint owner's audience, decided in SQL at fan-out (decision 038). */
describe('webhook audience: deliveries follow the same rules as reads', () => {
  const context = useTestApp({ config });
  useMailDelivery(
    () => context.database,
    () => config,
  );
  const receiver = useWebhookReceiver();
  const people = {} as Record<
    'main' | 'formerMain' | 'requester' | 'otherMain' | 'agent' | 'admin',
    TestUser
  >;
  const endpoints = {} as Record<'main' | 'colleague' | 'otherOrganization' | 'vendorWide', string>;
  let organizationId: string;
  let productId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'premium' });
    const otherOrganizationId = await context.factories.organization({ tier: 'premium' });
    people.formerMain = await context.factories.contact({ organizationId, roles: ['main'] });
    endpoints.colleague = (
      await registerWebhook(context.as(people.formerMain), { url: receiver.url('/colleague') })
    ).endpoint.id;
    // The main role is handed over: the colleague's endpoint now follows a technical contact's audience.
    await context.database.db
      .update(contactRoles)
      .set({ role: 'technical' })
      .where(and(eq(contactRoles.userId, people.formerMain.id), eq(contactRoles.role, 'main')));
    people.main = await context.factories.contact({ organizationId, roles: ['main'] });
    people.requester = await context.factories.contact({ organizationId, roles: ['technical'] });
    people.otherMain = await context.factories.contact({
      organizationId: otherOrganizationId,
      roles: ['main'],
    });
    people.agent = await context.factories.staff({ roles: ['support_agent'] });
    people.admin = await context.factories.staff({ roles: ['admin'] });
    endpoints.main = (
      await registerWebhook(context.as(people.main), { url: receiver.url('/main') })
    ).endpoint.id;
    endpoints.otherOrganization = (
      await registerWebhook(context.as(people.otherMain), { url: receiver.url('/other') })
    ).endpoint.id;
    endpoints.vendorWide = (
      await registerWebhook(context.as(people.admin), { url: receiver.url('/vendor') })
    ).endpoint.id;
    productId = await firstProductId(context.database);
  });

  const openTicket = async (who: TestUser, fields: Record<string, unknown> = {}) => {
    const response = await context.as(who).post('/v1/tickets', {
      subject: 'Private trouble',
      description: 'Only I and the main contact may know',
      productId,
      severity: 3,
      ...fields,
    });
    expect(response.statusCode, response.body).toBe(201);
    return Ticket.parse(response.json());
  };
  /** Ticket events a receiver path got, as `kind` of the ticket's events, for one ticket. */
  const ticketEventsAt = (path: string, ticketId: string) =>
    receiver
      .events(path)
      .filter((event) => (event.data.ticket as { id: string } | undefined)?.id === ticketId)
      .map((event) => ({
        type: event.type,
        kind: (event.data.ticketEvent as { kind: string }).kind,
        visibility: (event.data.ticketEvent as { visibility: string }).visibility,
      }));
  const deliveriesTo = async (endpointId: string) =>
    (
      await context.database.db
        .select({ count: sql<number>`count(*)::int` })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpointId))
    )[0]?.count ?? 0;

  it('sends a technical contact’s private ticket to the main contact’s endpoint only, never an internal note', async () => {
    const colleagueBefore = await deliveriesTo(endpoints.colleague);
    const otherBefore = await deliveriesTo(endpoints.otherOrganization);
    const ticket = await openTicket(people.requester);
    const note = await context
      .as(people.agent)
      .post(`/v1/tickets/${ticket.id}/notes`, { body: 'Customer is on 6.8' });
    expect(note.statusCode, note.body).toBe(201);
    const reply = await context
      .as(people.agent)
      .post(`/v1/tickets/${ticket.id}/replies`, { body: 'Looking into it' });
    expect(reply.statusCode, reply.body).toBe(201);

    // The vendor-wide endpoint gets every event, the internal note included: the fan-out has run for all
    // (the agent's first reply also opens the ticket: a status change). Deliveries may arrive in any order.
    const kinds = (path: string) =>
      ticketEventsAt(path, ticket.id)
        .map((event) => event.kind)
        .sort();
    await waitUntil('the vendor-wide endpoint got the four events', () => kinds('/vendor').length >= 4);
    expect(kinds('/vendor')).toEqual(['created', 'internal_note', 'public_reply', 'status_changed']);
    await waitUntil('the main contact’s endpoint got its three events', () => kinds('/main').length >= 3);
    expect(ticketEventsAt('/main', ticket.id).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { type: 'ticket.created', kind: 'created', visibility: 'public' },
      { type: 'ticket.replied', kind: 'public_reply', visibility: 'public' },
      { type: 'ticket.updated', kind: 'status_changed', visibility: 'public' },
    ]);
    expect(JSON.stringify(receiver.events('/main'))).not.toContain('Customer is on 6.8');
    // The colleague (no longer main, not the requester, not copied) and the other organization: nothing.
    expect(await deliveriesTo(endpoints.colleague)).toBe(colleagueBefore);
    expect(await deliveriesTo(endpoints.otherOrganization)).toBe(otherBefore);
    expect(ticketEventsAt('/colleague', ticket.id)).toEqual([]);
    expect(ticketEventsAt('/other', ticket.id)).toEqual([]);
  });

  it('sends a ticket the colleague is copied on to the colleague’s endpoint', async () => {
    const ticket = await openTicket(people.requester, { ccUserIds: [people.formerMain.id] });
    await waitUntil(
      'the colleague’s endpoint got the ticket',
      () => ticketEventsAt('/colleague', ticket.id).length >= 1,
    );
    expect(ticketEventsAt('/colleague', ticket.id)).toEqual([
      { type: 'ticket.created', kind: 'created', visibility: 'public' },
    ]);
    await waitUntil(
      'the vendor-wide endpoint got it',
      () => ticketEventsAt('/vendor', ticket.id).length >= 1,
    );
    expect(ticketEventsAt('/other', ticket.id)).toEqual([]);
  });

  it('sends contact changes to the main contact’s endpoint, not to a technical contact’s or another organization’s', async () => {
    const colleagueBefore = await deliveriesTo(endpoints.colleague);
    const otherBefore = await deliveriesTo(endpoints.otherOrganization);
    const changed = await context
      .as(people.main)
      .patch(`/v1/contacts/${people.requester.id}`, { name: 'Renamed Requester' });
    expect(changed.statusCode, changed.body).toBe(200);
    const isChange = (event: { type: string; data: Record<string, unknown> }) =>
      event.type === 'contact.changed' && event.data.contactId === people.requester.id;
    await waitUntil('the main contact’s endpoint got the change', () =>
      receiver.events('/main').some(isChange),
    );
    await waitUntil('the vendor-wide endpoint got the change', () =>
      receiver.events('/vendor').some(isChange),
    );
    expect(receiver.events('/main').find(isChange)?.data).toEqual({
      contactId: people.requester.id,
      change: 'updated',
    });
    expect(await deliveriesTo(endpoints.colleague)).toBe(colleagueBefore);
    expect(await deliveriesTo(endpoints.otherOrganization)).toBe(otherBefore);
  });

  it('sends an issued and a paid invoice to the main contact’s endpoint, not to a technical contact’s', async () => {
    const billing = await context.factories.staff({ roles: ['billing'] });
    const colleagueBefore = await deliveriesTo(endpoints.colleague);
    const otherBefore = await deliveriesTo(endpoints.otherOrganization);
    const drafted = await context.as(billing).post('/v1/staff/invoices', {
      organizationId,
      currency: 'EUR',
      lines: [
        {
          description: 'Premium subscription',
          quantity: 1,
          unitPriceMinor: 100_000,
          taxRateBasisPoints: 2_000,
        },
      ],
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const invoiceId = drafted.json().id as string;
    const issued = await context.as(billing).post(`/v1/staff/invoices/${invoiceId}/issue`, {});
    expect(issued.statusCode, issued.body).toBe(200);
    const paid = await context.as(billing).post(`/v1/staff/invoices/${invoiceId}/payments`, {
      amountMinor: issued.json().totalMinor,
      method: 'bank_transfer',
      reference: 'TRF 1',
      receivedOn: issued.json().issueDate,
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const about = (type: string) => (event: { type: string; data: Record<string, unknown> }) =>
      event.type === type && (event.data.invoice as { id: string }).id === invoiceId;
    for (const type of ['invoice.issued', 'invoice.paid']) {
      await waitUntil(`the main contact’s endpoint got ${type}`, () =>
        receiver.events('/main').some(about(type)),
      );
      await waitUntil(`the vendor-wide endpoint got ${type}`, () =>
        receiver.events('/vendor').some(about(type)),
      );
    }
    expect(receiver.events('/main').find(about('invoice.paid'))?.data.invoice).toMatchObject({
      paymentStatus: 'paid',
      remainingMinor: 0,
      currency: 'EUR',
    });
    expect(await deliveriesTo(endpoints.colleague)).toBe(colleagueBefore);
    expect(await deliveriesTo(endpoints.otherOrganization)).toBe(otherBefore);
  });

  it('sends decided contact and change requests to the main contact’s endpoint, not to a technical contact’s', async () => {
    const manager = await context.factories.staff({ roles: ['account_manager'] });
    const colleagueBefore = await deliveriesTo(endpoints.colleague);
    const asked = await context.as(people.main).post('/v1/contact-requests', {
      kind: 'technical_contact',
      name: 'Nina New',
      email: `nina-${Date.now()}@example.test`,
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const contactRequestId = asked.json().id as string;
    const declinedContact = await context
      .as(manager)
      .post(`/v1/staff/contact-requests/${contactRequestId}/decline`, { reason: 'No seat left' });
    expect(declinedContact.statusCode, declinedContact.body).toBe(200);

    const [subscription] = (await context.as(people.main).get('/v1/subscriptions')).json().items as {
      id: string;
    }[];
    if (!subscription) throw new Error('no subscription');
    const notified = await context
      .as(people.main)
      .post(`/v1/subscriptions/${subscription.id}/change-requests`, {
        kind: 'additional_servers',
        servers: 2,
      });
    expect(notified.statusCode, notified.body).toBe(201);
    const changeRequestId = notified.json().id as string;
    const declinedChange = await context
      .as(manager)
      .post(`/v1/staff/change-requests/${changeRequestId}/decline`, { reason: 'Not this quarter' });
    expect(declinedChange.statusCode, declinedChange.body).toBe(200);

    const isContactDecision = (event: { type: string; data: Record<string, unknown> }) =>
      event.type === 'contact_request.decided' &&
      (event.data.contactRequest as { id: string }).id === contactRequestId;
    const isChangeDecision = (event: { type: string; data: Record<string, unknown> }) =>
      event.type === 'change_request.decided' &&
      (event.data.changeRequest as { id: string }).id === changeRequestId;
    for (const path of ['/main', '/vendor']) {
      await waitUntil(`${path} got the contact request's decision`, () =>
        receiver.events(path).some(isContactDecision),
      );
      await waitUntil(`${path} got the change request's decision`, () =>
        receiver.events(path).some(isChangeDecision),
      );
    }
    expect(receiver.events('/main').find(isContactDecision)?.data.contactRequest).toMatchObject({
      status: 'declined',
    });
    expect(receiver.events('/main').find(isChangeDecision)?.data.changeRequest).toMatchObject({
      status: 'declined',
      // The contacts' view: nothing only staff read.
      emailInUse: false,
      invoiceId: null,
    });
    expect(await deliveriesTo(endpoints.colleague)).toBe(colleagueBefore);
  });

  it('sends nothing to an endpoint for events before it was registered', async () => {
    const ticket = await openTicket(people.requester);
    await waitUntil(
      'the vendor-wide endpoint got the ticket',
      () => ticketEventsAt('/vendor', ticket.id).length >= 1,
    );
    const late = await registerWebhook(context.as(people.main), { url: receiver.url('/late') });
    const reply = await context.as(people.agent).post(`/v1/tickets/${ticket.id}/replies`, { body: 'Now' });
    expect(reply.statusCode).toBe(201);
    // The reply, and the status change it makes (new → open); never the ticket's creation.
    await waitUntil('the late endpoint got the reply', () => ticketEventsAt('/late', ticket.id).length >= 2);
    expect(
      ticketEventsAt('/late', ticket.id)
        .map((event) => event.kind)
        .sort(),
    ).toEqual(['public_reply', 'status_changed']);
    expect(late.endpoint.id).toBeDefined();
  });
});
