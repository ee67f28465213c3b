import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AlertList,
  CannedReplyPage,
  ContactList,
  InvoicePage,
  Question,
  QuestionPage,
  Session,
  TicketAttachmentList,
  TicketCounts,
  TicketEventPage,
  TicketPage,
  ticketStatuses,
} from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { contactRequests, contactRoles, emailOutbox, organizations, users } from '../src/db/schema/index';
import { demoPassword, hasDemoData, seedDemoData } from '../src/db/seed';
import { verifyPassword } from '../src/lib/passwords';
import { createBlobStorage } from '../src/lib/storage/index';
import { type RequestHelpers, testConfig, useTestApp } from './test-app';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-seed-'));
// The app downloads from the storage the seed wrote to: the same configuration names both.
const config = testConfig({ DATA_DIR: dataDir, RATE_LIMITS: 'off' });
const storage = createBlobStorage(config);

describe('demo data', () => {
  const context = useTestApp({ config });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
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
  const subjectsSeenBy = async (email: string) => {
    const response = await (await signIn(email)).get('/v1/tickets?limit=100');
    expect(response.statusCode, email).toBe(200);
    return TicketPage.parse(response.json()).items.map((ticket) => ticket.subject);
  };
  const ticketNamed = async (as: RequestHelpers, subject: string) => {
    const page = TicketPage.parse((await as.get('/v1/tickets?limit=100')).json());
    const found = page.items.find((ticket) => ticket.subject === subject);
    if (!found) throw new Error(`No ticket "${subject}"`);
    return found;
  };

  it('refuses to load in production', async () => {
    await expect(seedDemoData(context.database.db, 'production', storage)).rejects.toThrow(/production/);
    expect(await context.database.db.select().from(organizations)).toHaveLength(0);
  });

  it('loads staff, a premium customer with its four contacts, a basic customer and a partner with two end users', async () => {
    expect(await hasDemoData(context.database.db)).toBe(false);
    expect(await seedDemoData(context.database.db, 'development', storage)).toBe(true);
    expect(await hasDemoData(context.database.db)).toBe(true);
    const staff = await context.database.db.select().from(users).where(eq(users.kind, 'staff'));
    expect(staff.flatMap((person) => person.staffRoles).sort()).toEqual([
      'account_manager',
      'admin',
      'billing',
      'support_agent',
    ]);
    const all = await context.database.db.select().from(organizations);
    const partner = all.find((organization) => organization.kind === 'partner');
    expect(all.filter((organization) => organization.registeringPartnerId === partner?.id)).toHaveLength(2);
    const acme = all.find((organization) => organization.name === 'Acme Cloud');
    const roles = await context.database.db
      .select({ role: contactRoles.role })
      .from(contactRoles)
      .where(eq(contactRoles.organizationId, acme?.id ?? ''));
    expect(roles.map((row) => row.role).sort()).toEqual(['administrative', 'main', 'technical', 'technical']);
    const [someone] = staff;
    expect(await verifyPassword(someone?.passwordHash ?? '', 'portals-demo-2026')).toBe(true);
  });

  it('queues no email: the demo tickets are history, not news', async () => {
    const jobs = await context.database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from graphile_worker.jobs`,
    );
    expect(jobs.rows[0]?.count).toBe(0);
    expect(await context.database.db.select().from(emailOutbox)).toEqual([]);
  });

  it("gives Acme Cloud two technical contacts, the second by a request staff approved beyond premium's two named accounts, and sharing off", async () => {
    const maria = await signIn('main@acme.example');
    const organization = (await maria.get('/v1/organization')).json<{ ticketSharing: boolean }>();
    expect(organization.ticketSharing).toBe(false);
    const requests = await context.database.db
      .select({ email: contactRequests.email, status: contactRequests.status })
      .from(contactRequests);
    expect(requests).toEqual([{ email: 'theo@acme.example', status: 'approved' }]);
  });

  it("keeps every demo organization within its allowance: the tier's seats, plus those staff approved beyond it", async () => {
    const mains = [
      'main@acme.example',
      'main@basic.example',
      'main@partner.example',
      'main@enduser-one.example',
      'main@enduser-two.example',
    ];
    for (const email of mains) {
      const { seats } = ContactList.parse((await (await signIn(email)).get('/v1/contacts')).json());
      expect(seats.inUse, email).toBeLessThanOrEqual(seats.included + seats.additional);
    }
    // Maria's and Tara's seats are premium's two; Theo's is the one staff approved beyond them.
    const acme = ContactList.parse((await (await signIn('main@acme.example')).get('/v1/contacts')).json());
    expect(acme.seats).toEqual({ included: 2, additional: 1, inUse: 3, available: 0 });
  });

  it('shows each demo login the tickets the privacy rule lets them see', async () => {
    const acmeTickets = await subjectsSeenBy('main@acme.example');
    const tara = await subjectsSeenBy('tara@acme.example');
    const theo = await subjectsSeenBy('theo@acme.example');
    const seenByStaff = await subjectsSeenBy('agent@vendor.example');
    const counts = {
      staff: seenByStaff.length,
      acmeMain: acmeTickets.length,
      tara: tara.length,
      theo: theo.length,
      basicMain: (await subjectsSeenBy('main@basic.example')).length,
      endUserOneMain: (await subjectsSeenBy('main@enduser-one.example')).length,
      partnerMain: (await subjectsSeenBy('main@partner.example')).length,
    };
    expect(counts).toEqual({
      staff: 10,
      acmeMain: 8,
      tara: 6,
      theo: 2,
      basicMain: 1,
      endUserOneMain: 1,
      partnerMain: 0,
    });
    // The shared ticket: Theo's, with Tara copied; the private one: Tara's own, which Theo never sees.
    const shared = 'Marketplace appliance download stalls at 99 %';
    const privateToTara = 'Sunstone times out listing VMs after the upgrade to 7.0';
    expect(theo).toContain(shared);
    expect(tara).toContain(shared);
    expect(tara).toContain(privateToTara);
    expect(theo).not.toContain(privateToTara);
    expect(new Set([...tara, ...theo, ...acmeTickets])).toEqual(new Set(acmeTickets));
    expect(seenByStaff).toEqual(expect.arrayContaining(acmeTickets));
    // The administrative contact has no Support Portal account.
    const alan = await signIn('billing@acme.example');
    expect((await alan.get('/v1/tickets')).statusCode).toBe(403);
  });

  it("covers every status in Acme Cloud's counts, which match each login's list", async () => {
    const maria = await signIn('main@acme.example');
    const { counts, total } = TicketCounts.parse((await maria.get('/v1/tickets/counts')).json());
    expect(total).toBe(8);
    for (const status of ticketStatuses) expect(counts[status], status).toBeGreaterThan(0);
    const theo = TicketCounts.parse(
      (await (await signIn('theo@acme.example')).get('/v1/tickets/counts')).json(),
    );
    expect(theo.total).toBe(2);
  });

  it('gives the demo tickets their SLA state: a response owed on those waiting on the vendor, none once solved', async () => {
    const agent = await signIn('agent@vendor.example');
    const page = TicketPage.parse((await agent.get('/v1/tickets?limit=100')).json());
    const waiting = page.items.filter((ticket) => ticket.status === 'new' || ticket.status === 'open');
    const done = page.items.filter((ticket) => ticket.status === 'solved' || ticket.status === 'closed');
    expect(waiting.length).toBeGreaterThan(0);
    expect(done.length).toBeGreaterThan(0);
    expect(waiting.some((ticket) => ticket.sla.owed !== null && ticket.sla.dueAt !== null)).toBe(true);
    for (const ticket of done) expect(ticket.sla.owed, `#${ticket.number}`).toBeNull();
  });

  it('has conversations with replies from both sides, and an internal note only staff see', async () => {
    const subject = 'Sunstone times out listing VMs after the upgrade to 7.0';
    const eventsAs = async (as: RequestHelpers) => {
      const ticket = await ticketNamed(as, subject);
      const response = await as.get(`/v1/tickets/${ticket.id}/events`);
      expect(response.statusCode).toBe(200);
      return TicketEventPage.parse(response.json()).items;
    };
    const agent = await signIn('agent@vendor.example');
    const tara = await signIn('tara@acme.example');
    const staffSees = await eventsAs(agent);
    const taraSees = await eventsAs(tara);
    const replies = (events: typeof staffSees) =>
      events.filter((event) => event.kind === 'public_reply').map((event) => event.actor?.name);
    expect(replies(taraSees)).toEqual(['Sam Support', 'Tara Tech']);
    expect(staffSees.filter((event) => event.kind === 'internal_note')).toHaveLength(1);
    expect(taraSees.filter((event) => event.visibility === 'internal')).toEqual([]);
    expect(taraSees.map((event) => event.kind)).toEqual([
      'created',
      'attachment_added',
      'assigned',
      'public_reply',
      'status_changed',
      'public_reply',
    ]);
    // Ids and times run in the same order: the timeline reads as it happened, in the past.
    const times = staffSees.map((event) => Date.parse(event.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Date.now() - (times[0] ?? 0)).toBeGreaterThan(2 * 86_400_000);
  });

  it('stores the log file through the attachment storage: Tara downloads it, with the sha256 shown matching; Theo cannot', async () => {
    const tara = await signIn('tara@acme.example');
    const ticket = await ticketNamed(tara, 'Sunstone times out listing VMs after the upgrade to 7.0');
    const list = await tara.get(`/v1/tickets/${ticket.id}/attachments`);
    expect(list.statusCode).toBe(200);
    const [attachment] = TicketAttachmentList.parse(list.json()).items;
    expect(attachment).toMatchObject({ fileName: 'sunstone-error.log', uploader: { name: 'Tara Tech' } });
    const content = await tara.get(`/v1/tickets/${ticket.id}/attachments/${attachment?.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toMatch(/^text\/plain/);
    expect(createHash('sha256').update(content.rawPayload).digest('hex')).toBe(attachment?.sha256);
    expect(content.rawPayload.length).toBe(attachment?.sizeBytes);
    const theo = await signIn('theo@acme.example');
    expect(
      (await theo.get(`/v1/tickets/${ticket.id}/attachments/${attachment?.id}/content`)).statusCode,
    ).toBe(404);
  });

  it('shows a demo customer the maintenance alert, as a banner, without having mailed it', async () => {
    const tara = await signIn('tara@acme.example');
    const alerts = AlertList.parse((await tara.get('/v1/alerts')).json()).items;
    expect(alerts.map((alert) => [alert.title, alert.active, alert.dismissed])).toEqual([
      ['Marketplace maintenance this Saturday', true, false],
    ]);
  });

  it('gives Acme Cloud invoices in euros and yen (paid, partly paid, overdue, credited) that its billing contacts read', async () => {
    for (const email of ['main@acme.example', 'billing@acme.example']) {
      const page = InvoicePage.parse((await (await signIn(email)).get('/v1/invoices')).json());
      expect(new Set(page.items.map((invoice) => invoice.currency)), email).toEqual(new Set(['EUR', 'JPY']));
      expect(page.items.map((invoice) => invoice.paymentStatus).sort(), email).toEqual([
        'paid',
        'partially_paid',
        'partially_paid',
        'unpaid',
      ]);
      expect(page.items.filter((invoice) => invoice.overdue)).toHaveLength(1);
      expect(page.items.some((invoice) => invoice.creditedMinor > 0)).toBe(true);
      expect(page.totals.map((total) => total.currency)).toEqual(['EUR', 'JPY']);
    }
    expect((await (await signIn('tara@acme.example')).get('/v1/invoices')).statusCode).toBe(403);
    for (const email of ['main@partner.example', 'main@basic.example']) {
      const page = InvoicePage.parse((await (await signIn(email)).get('/v1/invoices')).json());
      expect(page.items.length, email).toBeGreaterThan(0);
    }
  });

  it('gives Acme Cloud one billing question about an invoice, answered by billing, which its technical contacts cannot read', async () => {
    for (const email of ['main@acme.example', 'billing@acme.example']) {
      const page = QuestionPage.parse((await (await signIn(email)).get('/v1/questions')).json());
      expect(
        page.items.map((question) => [
          question.subject,
          question.team,
          question.status,
          !!question.invoice?.number,
        ]),
        email,
      ).toEqual([['Payment terms on our invoice', 'billing', 'answered', true]]);
    }
    const billing = await signIn('billing@vendor.example');
    const inbox = QuestionPage.parse((await billing.get('/v1/staff/questions?status=answered')).json());
    const [question] = inbox.items;
    expect(question?.organization.name).toBe('Acme Cloud');
    const thread = Question.parse((await billing.get(`/v1/staff/questions/${question?.id}`)).json());
    expect(thread.entries.map((entry) => [entry.author.name, entry.fromStaff])).toEqual([
      ['Alan Admin', false],
      ['Bea Billing', true],
    ]);
    expect((await (await signIn('tara@acme.example')).get('/v1/questions')).statusCode).toBe(403);
  });

  it('gives the support team canned replies, which contacts cannot read', async () => {
    const agent = await signIn('agent@vendor.example');
    const replies = CannedReplyPage.parse((await agent.get('/v1/staff/canned-replies')).json());
    expect(replies.items.map((reply) => reply.title)).toContain('Ask for the logs');
    const tara = await signIn('tara@acme.example');
    expect((await tara.get('/v1/staff/canned-replies')).statusCode).toBe(403);
  });

  it("dates solved and closed tickets so the workflow's rules hold: the recent one reopens, the closed one stays closed", async () => {
    const tara = await signIn('tara@acme.example');
    const solved = await ticketNamed(tara, 'How do we rotate the OneGate token of a running service?');
    const closed = await ticketNamed(tara, 'Datastore shows the wrong free space after adding a LUN');
    expect([solved.status, closed.status]).toEqual(['solved', 'closed']);
    expect((await tara.post(`/v1/tickets/${solved.id}/status`, { status: 'open' })).statusCode).toBe(204);
    expect((await tara.post(`/v1/tickets/${closed.id}/status`, { status: 'open' })).statusCode).toBe(409);
  });

  it('leaves a database that already has data alone', async () => {
    const before = (await context.database.db.select().from(users)).length;
    expect(await seedDemoData(context.database.db, 'development', storage)).toBe(false);
    expect(await context.database.db.select().from(users)).toHaveLength(before);
  });
});
