import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ContactOverview,
  describeSeatUse,
  OrganizationSearchPage,
  overviewCountCap,
  Session,
  StaffOverview,
  SubscriptionPage,
  TicketCounts,
  unresolvedTicketStatuses,
} from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, tickets } from '../src/db/schema/index';
import { demoPassword, seedDemoData } from '../src/db/seed';
import { createBlobStorage } from '../src/lib/storage/index';
import { type TestUser, uniqueEmail } from './fixtures';
import { type RequestHelpers, testConfig, useTestApp } from './test-app';
import { createTicket, firstProductId } from './ticket-fixtures';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-overview-'));
const config = testConfig({ DATA_DIR: dataDir, RATE_LIMITS: 'off' });

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const unresolvedOf = (counts: TicketCounts) =>
  unresolvedTicketStatuses.reduce((sum, status) => sum + (counts.counts[status] ?? 0), 0);

describe('the home overviews of the demo logins', () => {
  const context = useTestApp({ config });

  beforeAll(async () => {
    expect(await seedDemoData(context.database.db, 'development', createBlobStorage(config))).toBe(true);
  });

  /** Requests as a demo login, signed in with the demo password as a person would. */
  const signIn = async (email: string): Promise<RequestHelpers> => {
    const response = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email, password: demoPassword },
    });
    expect(response.statusCode, email).toBe(200);
    return context.asToken(Session.parse(response.json()).accessToken);
  };
  const contactOverviewOf = async (as: RequestHelpers) => {
    const response = await as.get('/v1/me/overview');
    expect(response.statusCode, response.body).toBe(200);
    return ContactOverview.parse(response.json());
  };
  const staffOverviewOf = async (as: RequestHelpers) => {
    const response = await as.get('/v1/staff/overview');
    expect(response.statusCode, response.body).toBe(200);
    return StaffOverview.parse(response.json());
  };
  const countsOf = async (as: RequestHelpers, query = '') =>
    TicketCounts.parse((await as.get(`/v1/tickets/counts${query}`)).json());

  it("shows Acme Cloud's main contact the organization, its subscription, seats, tickets, requests and alerts", async () => {
    const maria = await signIn('main@acme.example');
    const overview = await contactOverviewOf(maria);

    expect(overview.organization).toMatchObject({ name: 'Acme Cloud', kind: 'customer' });
    const [subscription] = SubscriptionPage.parse((await maria.get('/v1/subscriptions')).json()).items;
    expect(overview.subscriptions).toEqual({
      items: [
        {
          id: subscription?.id,
          tier: 'premium',
          servers: 40,
          status: 'active',
          renewalDate: subscription?.renewalDate,
        },
      ],
      total: 1,
      link: { portal: 'subscriber', path: '/subscriptions' },
    });
    // The same figure as the Contacts page: the domain's one definition of seats.
    expect(overview.seats?.use).toEqual({ included: 2, additional: 1, inUse: 3, available: 0 });
    expect(
      describeSeatUse(overview.seats?.use ?? { included: 0, additional: 0, inUse: 0, available: 0 }),
    ).toBe('3 of 3 named support accounts in use, 1 of them approved beyond the tier');
    expect(overview.seats?.link).toEqual({ portal: 'subscriber', path: '/contacts' });

    // Every unresolved ticket of the organization, as her ticket list counts them.
    const counts = await countsOf(maria);
    expect(overview.tickets?.open).toEqual({
      count: unresolvedOf(counts),
      capped: false,
      link: { portal: 'support', path: '/tickets?status=new,open,pending_customer,on_hold' },
    });
    expect(overview.tickets?.open.count).toBeGreaterThan(0);
    expect(overview.tickets?.waitingOnCustomer).toEqual({
      count: counts.counts.pending_customer,
      capped: false,
      link: { portal: 'support', path: '/tickets?status=pending_customer' },
    });
    // Theo's request was approved: nothing waits for the vendor's decision.
    expect(overview.pendingContactRequests).toEqual({
      count: 0,
      capped: false,
      link: { portal: 'subscriber', path: '/contacts' },
    });
    expect(overview.alerts).toMatchObject({
      active: 1,
      capped: false,
      latest: [{ kind: 'maintenance', title: 'Marketplace maintenance this Saturday' }],
      link: { portal: null, path: '/alerts' },
    });
    // The demo invoices: €3,420.00 credited €450.00 and overdue, €2,280.00 partly paid (€1,000.00), ¥198,000.
    expect(overview.invoices).toEqual({
      due: [
        { currency: 'EUR', dueMinor: 297_000 + 128_000, overdueMinor: 297_000 },
        { currency: 'JPY', dueMinor: 198_000, overdueMinor: 0 },
      ],
      overdue: { count: 1, capped: false, link: { portal: 'subscriber', path: '/invoices?overdue=true' } },
      link: { portal: 'subscriber', path: '/invoices' },
    });
    // The administrative contact keeps the books too; a technical contact sees no billing figure.
    expect((await contactOverviewOf(await signIn('billing@acme.example'))).invoices).toEqual(
      overview.invoices,
    );
    expect((await contactOverviewOf(await signIn('tara@acme.example'))).invoices).toBeNull();
  });

  it('shows a technical contact only their own tickets, and neither seats nor contact requests', async () => {
    const tara = await signIn('tara@acme.example');
    const overview = await contactOverviewOf(tara);
    const counts = await countsOf(tara);
    expect(overview.tickets?.open.count).toBe(unresolvedOf(counts));
    expect(overview.tickets?.waitingOnCustomer.count).toBe(counts.counts.pending_customer);
    const organizationWide = await contactOverviewOf(await signIn('main@acme.example'));
    // Theo's tickets are not hers: sharing is off.
    expect(overview.tickets?.open.count).toBeLessThan(organizationWide.tickets?.open.count ?? 0);
    expect(overview.seats).toBeNull();
    expect(overview.pendingContactRequests).toBeNull();
    // She reads the subscriptions in the Support Portal, which is the only one she uses.
    expect(overview.subscriptions?.link).toEqual({ portal: 'support', path: '/organization' });
    expect(overview.alerts.active).toBe(1);
  });

  it('shows the administrative contact subscriptions, seats and requests, and no tickets', async () => {
    const overview = await contactOverviewOf(await signIn('billing@acme.example'));
    expect(overview.organization.name).toBe('Acme Cloud');
    expect(overview.tickets).toBeNull();
    expect(overview.seats?.use.inUse).toBe(3);
    expect(overview.pendingContactRequests?.count).toBe(0);
    expect(overview.subscriptions?.items.map((item) => item.tier)).toEqual(['premium']);
  });

  it("gives each staff role the figures its permissions reach, with the queue's own counts", async () => {
    const agent = await signIn('agent@vendor.example');
    const agentOverview = await staffOverviewOf(agent);
    const unassigned = await countsOf(agent, '?view=unassigned');
    expect(agentOverview.unassignedTickets).toEqual({
      count: unassigned.total,
      capped: false,
      link: { portal: 'support', path: '/staff/queue?view=unassigned' },
    });
    expect(agentOverview.unassignedTickets?.count).toBeGreaterThan(0);
    const mine = await countsOf(agent, `?view=assigned_to_me&status=${unresolvedTicketStatuses.join(',')}`);
    expect(agentOverview.assignedToMe).toEqual({
      count: mine.total,
      capped: false,
      link: { portal: 'support', path: '/staff/queue?view=mine' },
    });
    // Agents read contact requests but do not decide them.
    expect(agentOverview.contactRequestsToDecide).toBeNull();
    // Every demo subscription renews in a year.
    expect(agentOverview.renewalsThisMonth).toMatchObject({ count: 0, organizations: 0, capped: false });

    const billing = await staffOverviewOf(await signIn('billing@vendor.example'));
    expect(billing).toMatchObject({
      unassignedTickets: null,
      assignedToMe: null,
      contactRequestsToDecide: null,
      renewalsThisMonth: { count: 0 },
      // Acme Cloud's credited invoice and Basic Hosting's are past their due dates.
      overdueInvoices: {
        count: 2,
        capped: false,
        link: { portal: 'subscriber', path: '/back-office/invoices?overdue=true' },
      },
    });
    expect(agentOverview.overdueInvoices).toBeNull();

    const manager = await staffOverviewOf(await signIn('accounts@vendor.example'));
    expect(manager.unassignedTickets?.count).toBe(unassigned.total);
    expect(manager.contactRequestsToDecide).toEqual({
      count: 0,
      capped: false,
      link: { portal: 'subscriber', path: '/back-office/contact-requests' },
    });

    const admin = await context.factories.staff({ roles: ['admin'] });
    const adminOverview = await staffOverviewOf(context.as(admin));
    expect(adminOverview.unassignedTickets?.count).toBe(unassigned.total);
    expect(adminOverview.assignedToMe?.count).toBe(0);
    expect(adminOverview.contactRequestsToDecide?.count).toBe(0);
    expect(adminOverview.renewalsThisMonth).not.toBeNull();
  });

  it('counts a new request for those who decide, and a renewal this month as the directory lists it', async () => {
    const maria = await signIn('main@acme.example');
    const asked = await maria.post('/v1/contact-requests', {
      kind: 'technical_contact',
      name: 'Nora Night',
      email: uniqueEmail('nora'),
    });
    expect(asked.statusCode).toBe(201);
    expect((await contactOverviewOf(maria)).pendingContactRequests?.count).toBe(1);

    const manager = await signIn('accounts@vendor.example');
    const before = await staffOverviewOf(manager);
    expect(before.contactRequestsToDecide?.count).toBe(1);
    const through = before.renewalsThisMonth?.through ?? '';
    expect(through).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // An organization whose term ends on the month's last day (begun long ago, so any day of the month works).
    const renewing = await context.factories.organization({
      name: 'Renewing Soon',
      tier: 'basic',
      subscription: { termStart: '2020-01-01', termEnd: through },
    });
    const after = await staffOverviewOf(manager);
    expect(after.renewalsThisMonth).toMatchObject({ count: 1, organizations: 1, capped: false, through });
    const link = after.renewalsThisMonth?.link;
    expect(link?.portal).toBe('subscriber');
    const query = new URL(link?.path ?? '/', 'http://portal.test').searchParams;
    expect(link?.path).toMatch(/^\/back-office\/organizations\?renewalWithinDays=\d+$/);
    // The directory filtered as the link says lists exactly what the figure counted.
    const listed = OrganizationSearchPage.parse(
      (
        await manager.get(`/v1/staff/organizations?renewalWithinDays=${query.get('renewalWithinDays')}`)
      ).json(),
    );
    expect(listed.items.map((item) => item.id)).toEqual([renewing]);
  });
});

describe('what the overviews count, and for whom', () => {
  const context = useTestApp();
  let productId: string;

  beforeAll(async () => {
    productId = await firstProductId(context.database);
  });

  const overviewOf = async (user: TestUser) => {
    const response = await context.as(user).get('/v1/me/overview');
    expect(response.statusCode, response.body).toBe(200);
    return ContactOverview.parse(response.json());
  };

  it("excludes a colleague's private ticket from a technical contact's counts, and counts it once shared", async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    const main = await context.factories.contact({ organizationId, roles: ['main'] });
    const tess = await context.factories.contact({ organizationId, roles: ['technical'] });
    const theo = await context.factories.contact({ organizationId, roles: ['technical'] });
    await createTicket(context.database, { organizationId, requesterUserId: tess.id });
    const theos = await createTicket(context.database, { organizationId, requesterUserId: theo.id });
    await context.database.db
      .update(tickets)
      .set({ status: 'pending_customer' })
      .where(eq(tickets.id, theos.id));
    // Copied on one of Theo's: she sees that one.
    await createTicket(context.database, {
      organizationId,
      requesterUserId: theo.id,
      ccUserIds: [tess.id],
    });

    // Another organization's tickets and requests never count.
    const elsewhere = await context.factories.organization({ tier: 'premium' });
    const stranger = await context.factories.contact({ organizationId: elsewhere, roles: ['main'] });
    await createTicket(context.database, { organizationId: elsewhere, requesterUserId: stranger.id });
    expect(
      (
        await context.as(stranger).post('/v1/contact-requests', {
          kind: 'technical_contact',
          name: 'Olga Other',
          email: uniqueEmail(),
        })
      ).statusCode,
    ).toBe(201);

    const tessSees = await overviewOf(tess);
    expect(tessSees.tickets).toMatchObject({ open: { count: 2 }, waitingOnCustomer: { count: 0 } });
    expect((await overviewOf(theo)).tickets).toMatchObject({
      open: { count: 2 },
      waitingOnCustomer: { count: 1 },
    });
    const mainSees = await overviewOf(main);
    expect(mainSees.tickets).toMatchObject({ open: { count: 3 }, waitingOnCustomer: { count: 1 } });
    expect(mainSees.pendingContactRequests?.count).toBe(0);
    expect(mainSees.seats?.use).toEqual({ included: 2, additional: 0, inUse: 3, available: 0 });
    expect((await overviewOf(stranger)).tickets?.open.count).toBe(1);
    expect((await overviewOf(stranger)).pendingContactRequests?.count).toBe(1);

    // Resolved tickets are not open.
    await context.database.db
      .update(tickets)
      .set({ status: 'solved', solvedAt: new Date() })
      .where(eq(tickets.requesterUserId, tess.id));
    expect((await overviewOf(tess)).tickets?.open.count).toBe(1);

    await context.database.db
      .update(organizations)
      .set({ ticketSharing: true })
      .where(eq(organizations.id, organizationId));
    expect((await overviewOf(tess)).tickets).toMatchObject({
      open: { count: 2 },
      waitingOnCustomer: { count: 1 },
    });
  });

  it('gives an organization with nothing yet zeros and empty lists', async () => {
    const organizationId = await context.factories.organization({ name: 'Brand New' });
    const main = await context.factories.contact({ organizationId, roles: ['main'] });
    expect(await overviewOf(main)).toEqual({
      organization: { id: organizationId, name: 'Brand New', kind: 'customer' },
      subscriptions: { items: [], total: 0, link: { portal: 'subscriber', path: '/subscriptions' } },
      // The main contact holds a seat; no subscription includes any.
      seats: { use: { included: 0, additional: 0, inUse: 1, available: 0 }, link: expect.any(Object) },
      tickets: {
        open: { count: 0, capped: false, link: expect.any(Object) },
        waitingOnCustomer: { count: 0, capped: false, link: expect.any(Object) },
      },
      pendingContactRequests: { count: 0, capped: false, link: expect.any(Object) },
      invoices: {
        due: [],
        overdue: { count: 0, capped: false, link: expect.any(Object) },
        link: expect.any(Object),
      },
      alerts: { active: 0, capped: false, latest: [], link: { portal: null, path: '/alerts' } },
    });
  });

  it('stops counting at the cap and says so', async () => {
    const organizationId = await context.factories.organization({ tier: 'basic' });
    const main = await context.factories.contact({ organizationId, roles: ['main'] });
    await context.database.db.execute(sql`
      insert into tickets (organization_id, requester_user_id, subject, description, product_id, severity)
      select ${organizationId}, ${main.id}, 'Ticket ' || n, 'Something is wrong.', ${productId}, 3
      from generate_series(1, ${overviewCountCap + 5}) as n`);
    expect((await overviewOf(main)).tickets?.open).toMatchObject({ count: overviewCountCap, capped: true });
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const staff = StaffOverview.parse((await context.as(agent).get('/v1/staff/overview')).json());
    expect(staff.unassignedTickets).toMatchObject({ count: overviewCountCap, capped: true });
  });

  it('refuses the staff overview to a contact and the contact overview to staff, as problem+json', async () => {
    const organizationId = await context.factories.organization({ tier: 'basic' });
    const main = await context.factories.contact({ organizationId, roles: ['main'] });
    const staffAnswer = await context.as(main).get('/v1/staff/overview');
    expect(staffAnswer.statusCode).toBe(403);
    expect(staffAnswer.headers['content-type']).toContain('application/problem+json');
    expect(staffAnswer.json()).toMatchObject({ status: 403, code: 'forbidden' });

    const admin = await context.factories.staff({ roles: ['admin'] });
    const contactAnswer = await context.as(admin).get('/v1/me/overview');
    expect(contactAnswer.statusCode).toBe(403);
    expect(contactAnswer.headers['content-type']).toContain('application/problem+json');

    const anonymous = await context.app.inject({ method: 'GET', url: '/v1/me/overview' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers an API token, as /v1/me/email-preferences does, only the parts its scopes reach', async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    const main = await context.factories.contact({ organizationId, roles: ['main'] });
    await createTicket(context.database, { organizationId, requesterUserId: main.id });

    const narrow = await context.factories.apiToken(main, { scopes: ['organization:read:org'] });
    const answer = await context.asToken(narrow.token).get('/v1/me/overview');
    expect(answer.statusCode, answer.body).toBe(200);
    expect(ContactOverview.parse(answer.json())).toMatchObject({
      organization: { id: organizationId },
      subscriptions: null,
      seats: null,
      tickets: null,
      pendingContactRequests: null,
    });

    const wider = await context.factories.apiToken(main, {
      scopes: ['organization:read:org', 'ticket:read:org', 'subscription:read:org'],
    });
    const widerOverview = ContactOverview.parse(
      (await context.asToken(wider.token).get('/v1/me/overview')).json(),
    );
    expect(widerOverview.tickets?.open.count).toBe(1);
    expect(widerOverview.subscriptions?.total).toBe(1);
    expect(widerOverview.seats).toBeNull();

    const without = await context.factories.apiToken(main, { scopes: ['subscription:read:org'] });
    const refused = await context.asToken(without.token).get('/v1/me/overview');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await context.asToken(without.token).get('/v1/staff/overview')).statusCode).toBe(403);
  });
});
