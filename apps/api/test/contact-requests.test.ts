import {
  ContactList,
  ContactRequest,
  ContactRequestCounts,
  ContactRequestPage,
  Problem,
  StaffContactRequestPage,
} from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contactRoles, emailOutbox, users } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

let sequence = 0;
const newPerson = () => {
  sequence += 1;
  return { name: `Requested ${sequence}`, email: `requested-${sequence}-${Date.now()}@requests.example` };
};

describe('contact requests', () => {
  const context = useTestApp();
  let accountManager: TestUser;

  beforeAll(async () => {
    accountManager = await context.factories.staff({ roles: ['account_manager'] });
  });

  const organizationWithMain = async (tier: 'basic' | 'advanced' | 'premium' = 'basic') => {
    const organizationId = await context.factories.organization({ tier });
    const main = await context.factories.contact({ organizationId, roles: ['main'], tier });
    return { organizationId, main };
  };
  const ask = (as: TestUser, body: object) => context.as(as).post('/v1/contact-requests', body);
  const decide = (
    requestId: string,
    decision: 'approve' | 'decline',
    body: object = {},
    as = accountManager,
  ) => context.as(as).post(`/v1/staff/contact-requests/${requestId}/${decision}`, body);
  const mailsTo = async (email: string) =>
    (await context.database.db.select().from(emailOutbox)).filter((mail) => mail.toAddresses.includes(email));
  const rolesOf = async (organizationId: string) =>
    context.database.db
      .select({ userId: contactRoles.userId, role: contactRoles.role })
      .from(contactRoles)
      .where(eq(contactRoles.organizationId, organizationId));

  it('shows staff pending requests with the tier, its allowance and the seats in use', async () => {
    const { main, organizationId } = await organizationWithMain('basic');
    const created = await ask(main, { kind: 'technical_contact', ...newPerson(), reason: 'Night shift' });
    expect(created.statusCode).toBe(201);
    const request = ContactRequest.parse(created.json());
    expect(request).toMatchObject({ status: 'pending', kind: 'technical_contact', reason: 'Night shift' });

    const response = await context
      .as(accountManager)
      .get('/v1/staff/contact-requests?status=pending&limit=100');
    expect(response.statusCode).toBe(200);
    const listed = StaffContactRequestPage.parse(response.json()).items.find(
      (item) => item.id === request.id,
    );
    expect(listed).toMatchObject({
      organization: {
        id: organizationId,
        tier: 'basic',
        seats: { included: 1, additional: 0, inUse: 1, available: 0 },
      },
      exceedsAllowance: true,
    });

    const own = await context.as(main).get('/v1/contact-requests');
    expect(ContactRequestPage.parse(own.json()).items.map((item) => item.id)).toEqual([request.id]);
  });

  it('approving a technical contact request creates the contact beyond the allowance and tells both', async () => {
    const { main, organizationId } = await organizationWithMain('basic');
    const person = newPerson();
    const request = ContactRequest.parse((await ask(main, { kind: 'technical_contact', ...person })).json());

    const response = await decide(request.id, 'approve');
    expect(response.statusCode).toBe(200);
    const approved = ContactRequest.parse(response.json());
    expect(approved.status).toBe('approved');
    expect(approved.createdContactId).not.toBeNull();
    expect(await rolesOf(organizationId)).toEqual(
      expect.arrayContaining([{ userId: approved.createdContactId, role: 'technical' }]),
    );
    expect((await mailsTo(person.email)).map((mail) => mail.kind)).toContain('invitation');
    expect((await mailsTo(main.email)).map((mail) => mail.kind)).toEqual(['contact_request_decided']);
    const audits = await context.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, 'contact_request.approved')),
      );
    expect(audits).toHaveLength(1);

    const twice = await decide(request.id, 'decline', { reason: 'Changed our mind' });
    expect(twice.statusCode).toBe(409);
    expect((await decide(request.id, 'approve')).statusCode).toBe(409);
  });

  it('declining stores the reason, tells the requester, and creates no contact', async () => {
    const { main } = await organizationWithMain('advanced');
    const person = newPerson();
    const request = ContactRequest.parse((await ask(main, { kind: 'technical_contact', ...person })).json());

    const withoutReason = await decide(request.id, 'decline', {});
    expect(withoutReason.statusCode).toBe(400);

    const response = await decide(request.id, 'decline', { reason: 'Upgrade to premium for a second seat' });
    expect(response.statusCode).toBe(200);
    expect(ContactRequest.parse(response.json())).toMatchObject({
      status: 'declined',
      declineReason: 'Upgrade to premium for a second seat',
      createdContactId: null,
    });
    expect(await context.database.db.select().from(users).where(eq(users.email, person.email))).toEqual([]);
    const [mail] = await mailsTo(main.email);
    expect(mail).toMatchObject({ kind: 'contact_request_decided' });
    expect(mail?.textBody).toContain('Upgrade to premium for a second seat');
    expect((await decide(request.id, 'decline', { reason: 'again' })).statusCode).toBe(409);
  });

  it('a handover leaves exactly one main contact, and the previous one keeps a technical role', async () => {
    const { main, organizationId } = await organizationWithMain('premium');
    const technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    const request = ContactRequest.parse(
      (await ask(main, { kind: 'main_contact_handover', targetUserId: technical.id })).json(),
    );
    const response = await decide(request.id, 'approve');
    expect(response.statusCode).toBe(200);

    const roles = await rolesOf(organizationId);
    expect(roles.filter((row) => row.role === 'main')).toEqual([{ userId: technical.id, role: 'main' }]);
    expect(roles).toEqual(expect.arrayContaining([{ userId: main.id, role: 'technical' }]));
    // The previous main contact's session ended with the role.
    const old = await context.as(main).get('/v1/contacts');
    expect(old.statusCode).toBe(401);
    expect((await decide(request.id, 'approve')).statusCode).toBe(409);
  });

  it('refuses a handover to someone who is not a contact of the organization', async () => {
    const { main } = await organizationWithMain();
    const other = await organizationWithMain();
    const response = await ask(main, { kind: 'main_contact_handover', targetUserId: other.main.id });
    expect(response.statusCode).toBe(400);
    expect(Problem.parse(response.json()).errors?.[0]?.path).toBe('body.targetUserId');
  });

  it('lets neither a main contact decide requests nor see other organizations’ requests', async () => {
    const { main } = await organizationWithMain();
    const other = await organizationWithMain();
    const theirs = ContactRequest.parse(
      (await ask(other.main, { kind: 'technical_contact', ...newPerson() })).json(),
    );

    expect((await decide(theirs.id, 'approve', {}, main)).statusCode).toBe(403);
    expect((await decide(theirs.id, 'decline', { reason: 'no' }, main)).statusCode).toBe(403);
    const staffList = await context.as(main).get('/v1/staff/contact-requests');
    expect(staffList.statusCode).toBe(403);
    const own = await context.as(main).get('/v1/contact-requests');
    expect(ContactRequestPage.parse(own.json()).items).toEqual([]);
  });

  const staffSeatsOf = async (organizationId: string, as: TestUser = accountManager) => {
    const response = await context.as(as).get('/v1/staff/contact-requests?status=pending&limit=100');
    expect(response.statusCode).toBe(200);
    const listed = StaffContactRequestPage.parse(response.json()).items.find(
      (item) => item.organization.id === organizationId,
    );
    return listed?.organization.seats;
  };
  const customerSeatsOf = async (main: TestUser) => {
    const response = await context.as(main).get('/v1/contacts');
    expect(response.statusCode).toBe(200);
    return ContactList.parse(response.json()).seats;
  };

  it('gives the main contact and staff the same seat figure for the same organization, before and after an approval', async () => {
    const { main, organizationId } = await organizationWithMain('premium');
    await context.factories.contact({ organizationId, roles: ['technical'] });
    await context.factories.contact({ organizationId, roles: ['administrative'] });
    // A removed (deactivated) technical contact holds no seat.
    const leaver = await context.factories.contact({ organizationId, roles: ['technical'] });
    expect((await context.as(main).delete(`/v1/contacts/${leaver.id}`)).statusCode).toBe(204);

    const first = ContactRequest.parse(
      (await ask(main, { kind: 'technical_contact', ...newPerson() })).json(),
    );
    const before = { included: 2, additional: 0, inUse: 2, available: 0 };
    expect(await customerSeatsOf(main)).toEqual(before);
    expect(await staffSeatsOf(organizationId)).toEqual(before);

    // A pending request holds no seat; once approved, the contact holds an additional one.
    await ask(main, { kind: 'technical_contact', ...newPerson() });
    expect((await decide(first.id, 'approve')).statusCode).toBe(200);
    const after = { included: 2, additional: 1, inUse: 3, available: 0 };
    expect(await customerSeatsOf(main)).toEqual(after);
    expect(await staffSeatsOf(organizationId)).toEqual(after);
    // The main contact is refused an add with the same words, not a contradicting figure.
    const refused = await context.as(main).post('/v1/contacts', {
      role: 'technical',
      name: 'One more',
      email: `one-more-${Date.now()}@seats.example`,
    });
    expect(refused.statusCode).toBe(409);
    expect(Problem.parse(refused.json()).detail).toContain(
      '3 of 3 named support accounts in use, 1 of them approved beyond the tier',
    );
  });

  it('emails the staff who decide when a customer makes a request, not the others', async () => {
    const admin = await context.factories.staff({ roles: ['admin'] });
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const billing = await context.factories.staff({ roles: ['billing'] });
    const { main } = await organizationWithMain('basic');
    const person = newPerson();
    const created = await ask(main, { kind: 'technical_contact', ...person, reason: 'On-call rota' });
    expect(created.statusCode).toBe(201);

    const received = (await context.database.db.select().from(emailOutbox)).filter(
      (mail) => mail.kind === 'contact_request_received' && mail.textBody.includes(person.email),
    );
    expect(received.flatMap((mail) => mail.toAddresses).sort()).toEqual(
      [accountManager.email, admin.email].sort(),
    );
    expect(received.flatMap((mail) => mail.toAddresses)).not.toContain(agent.email);
    expect(received.flatMap((mail) => mail.toAddresses)).not.toContain(billing.email);
    const [mail] = received;
    expect(mail?.textBody).toContain('1 of 1 named support account in use');
    expect(mail?.textBody).toContain('On-call rota');
    expect(mail?.textBody).toContain('/subscriber/back-office/contact-requests');
  });

  it('counts the pending requests for staff who read the queue, and only for them', async () => {
    const counted = async (as: TestUser = accountManager) => {
      const response = await context.as(as).get('/v1/staff/contact-requests/counts');
      expect(response.statusCode).toBe(200);
      return ContactRequestCounts.parse(response.json()).pending;
    };
    const before = await counted();
    const { main } = await organizationWithMain('basic');
    const request = ContactRequest.parse(
      (await ask(main, { kind: 'technical_contact', ...newPerson() })).json(),
    );
    expect(await counted()).toBe(before + 1);
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    expect(await counted(agent)).toBe(before + 1);
    expect((await decide(request.id, 'decline', { reason: 'Not now' })).statusCode).toBe(200);
    expect(await counted()).toBe(before);

    const billing = await context.factories.staff({ roles: ['billing'] });
    expect((await context.as(billing).get('/v1/staff/contact-requests/counts')).statusCode).toBe(403);
    const forbidden = await context.as(main).get('/v1/staff/contact-requests/counts');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses hostile input with a 400 problem and another organization nothing', async () => {
    const { main } = await organizationWithMain('basic');
    const badId = await decide('not-a-uuid', 'approve');
    expect(badId.statusCode).toBe(400);
    expect(badId.headers['content-type']).toContain('application/problem+json');
    const unknown = await decide('00000000-0000-4000-8000-000000000000', 'approve');
    expect(unknown.statusCode).toBe(404);
    const tooLong = await ask(main, { kind: 'technical_contact', ...newPerson(), reason: 'x'.repeat(2001) });
    expect(tooLong.statusCode).toBe(400);
    expect(Problem.parse(tooLong.json()).errors?.[0]?.path).toBe('body.reason');
    const script = await ask(main, { kind: 'technical_contact', name: '<script>', email: 'not an email' });
    expect(script.statusCode).toBe(400);
  });
});
