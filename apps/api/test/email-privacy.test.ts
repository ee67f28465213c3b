import { Contact, ContactRequest, Problem, StaffContactRequestPage } from '@portals/domain';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, emailOutbox, users } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

let sequence = 0;
const freshEmail = () => {
  sequence += 1;
  return `fresh-${sequence}-${Date.now()}@privacy.example`;
};

/** What a caller can compare between two answers: status, content type, and the body's shape. */
const observable = (response: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
  const body = JSON.parse(response.body) as Record<string, unknown>;
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'],
    shape: Object.fromEntries(Object.entries(body).map(([key, value]) => [key, typeof value])),
  };
};

describe("a contact's email never reveals who holds it elsewhere", () => {
  const context = useTestApp();
  let accountManager: TestUser;
  let otherOrganizationsContact: TestUser;
  let staffMember: TestUser;

  beforeAll(async () => {
    accountManager = await context.factories.staff({ roles: ['account_manager'] });
    staffMember = await context.factories.staff({ roles: ['support_agent'], email: freshEmail() });
    otherOrganizationsContact = await context.factories.contact({
      organizationId: await context.factories.organization({ tier: 'premium' }),
      roles: ['technical'],
      email: freshEmail(),
    });
  });

  const organizationWithMain = async () => {
    const organizationId = await context.factories.organization({ tier: 'premium' });
    const main = await context.factories.contact({ organizationId, roles: ['main'], tier: 'premium' });
    const colleague = await context.factories.contact({ organizationId, roles: ['administrative'] });
    return { organizationId, main, colleague };
  };
  const usersWithEmail = (email: string) =>
    context.database.db
      .select({ id: users.id, organizationId: users.organizationId })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`);
  const mailsTo = async (email: string) =>
    (await context.database.db.select().from(emailOutbox)).filter((mail) => mail.toAddresses.includes(email));

  describe('adding a contact directly', () => {
    const add = (as: TestUser, email: string) =>
      context.as(as).post('/v1/contacts', { name: 'New Person', email, role: 'technical' });

    it('answers an email of another organization or of staff exactly as a fresh one, creating nothing', async () => {
      const fresh = await add((await organizationWithMain()).main, freshEmail());
      expect(fresh.statusCode).toBe(201);

      for (const holder of [otherOrganizationsContact, staffMember]) {
        const { main, organizationId } = await organizationWithMain();
        const mailsBefore = (await mailsTo(holder.email)).length;
        const response = await add(main, holder.email);
        expect(observable(response)).toEqual(observable(fresh));
        const answered = Contact.parse(response.json());
        expect(answered).toMatchObject({ email: holder.email, roles: ['technical'], active: true });
        expect(answered.id).not.toBe(holder.id);
        // The holder's account stays where it was, and hears nothing.
        expect(await usersWithEmail(holder.email)).toEqual([
          { id: holder.id, organizationId: holder.claims.org },
        ]);
        expect(await mailsTo(holder.email)).toHaveLength(mailsBefore);
        // Staff can see the attempt.
        const [audit] = await context.database.db
          .select()
          .from(auditLog)
          .where(
            and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, 'contact.add_refused')),
          );
        expect(audit?.details).toEqual({ role: 'technical', reason: 'email_held_elsewhere' });
      }
    });

    it('tells the main contact plainly when a contact of their own organization has the email', async () => {
      const { main, colleague } = await organizationWithMain();
      const response = await add(main, colleague.email.toUpperCase());
      expect(response.statusCode).toBe(409);
      expect(Problem.parse(response.json()).errors).toEqual([
        { path: 'body.email', message: 'already has an account' },
      ]);
    });

    it('creates and invites a contact with a fresh email', async () => {
      const { main, organizationId } = await organizationWithMain();
      const email = freshEmail();
      const response = await add(main, email);
      expect(response.statusCode).toBe(201);
      expect(await usersWithEmail(email)).toEqual([
        { id: Contact.parse(response.json()).id, organizationId },
      ]);
      expect((await mailsTo(email)).map((mail) => mail.kind)).toContain('invitation');
    });

    it('answers a new administrative contact with an email held elsewhere as done, changing nothing', async () => {
      const replace = (as: TestUser, email: string) =>
        context.as(as).put('/v1/contacts/administrative', { name: 'New Administrator', email });
      const fresh = await replace((await organizationWithMain()).main, freshEmail());
      expect(fresh.statusCode).toBe(200);
      const { main, colleague } = await organizationWithMain();
      const response = await replace(main, otherOrganizationsContact.email);
      expect(observable(response)).toEqual(observable(fresh));
      const contacts = await context.as(main).get('/v1/contacts');
      expect(contacts.json().items.find((item: Contact) => item.id === colleague.id)?.roles).toEqual([
        'administrative',
      ]);
    });

    it('answers a change to an email held elsewhere as done, keeping the email', async () => {
      const { main, colleague } = await organizationWithMain();
      const response = await context
        .as(main)
        .patch(`/v1/contacts/${colleague.id}`, { email: otherOrganizationsContact.email });
      expect(response.statusCode).toBe(200);
      expect(Contact.parse(response.json()).email).toBe(otherOrganizationsContact.email);
      expect(await usersWithEmail(colleague.email)).toHaveLength(1);
      expect(await usersWithEmail(otherOrganizationsContact.email)).toHaveLength(1);
    });
  });

  describe('requesting an additional technical contact', () => {
    const ask = (as: TestUser, email: string) =>
      context
        .as(as)
        .post('/v1/contact-requests', { kind: 'technical_contact', name: 'Requested Person', email });
    const pendingForStaff = async () => {
      const response = await context
        .as(accountManager)
        .get('/v1/staff/contact-requests?status=pending&limit=100');
      expect(response.statusCode).toBe(200);
      return StaffContactRequestPage.parse(response.json()).items;
    };
    const approve = (requestId: string) =>
      context.as(accountManager).post(`/v1/staff/contact-requests/${requestId}/approve`);

    it('accepts an email of another organization or of staff as a fresh one; staff see it is in use and cannot approve', async () => {
      const fresh = await ask((await organizationWithMain()).main, freshEmail());
      expect(fresh.statusCode).toBe(201);
      const freshRequest = ContactRequest.parse(fresh.json());

      for (const holder of [otherOrganizationsContact, staffMember]) {
        const { main } = await organizationWithMain();
        const response = await ask(main, holder.email);
        expect(observable(response)).toEqual(observable(fresh));
        const request = ContactRequest.parse(response.json());
        expect(request.status).toBe('pending');

        const listed = await pendingForStaff();
        expect(listed.find((item) => item.id === request.id)?.emailInUse).toBe(true);
        expect(listed.find((item) => item.id === freshRequest.id)?.emailInUse).toBe(false);

        const approval = await approve(request.id);
        expect(approval.statusCode).toBe(409);
        expect(Problem.parse(approval.json()).detail).toMatch(/already belongs to an account.*decline/);
        expect(await usersWithEmail(holder.email)).toEqual([
          { id: holder.id, organizationId: holder.claims.org },
        ]);
      }
    });

    it('tells the main contact plainly when a contact of their own organization has the email', async () => {
      const { main, colleague } = await organizationWithMain();
      const response = await ask(main, colleague.email);
      expect(response.statusCode).toBe(409);
      expect(Problem.parse(response.json()).errors).toEqual([
        { path: 'body.email', message: 'already has an account' },
      ]);
    });

    it('creates the contact on approval of a fresh email', async () => {
      const { main, organizationId } = await organizationWithMain();
      const email = freshEmail();
      const request = ContactRequest.parse((await ask(main, email)).json());
      const approval = await approve(request.id);
      expect(approval.statusCode).toBe(200);
      expect(await usersWithEmail(email)).toEqual([
        { id: ContactRequest.parse(approval.json()).createdContactId, organizationId },
      ]);
    });
  });
});
