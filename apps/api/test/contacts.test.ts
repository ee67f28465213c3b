import { ColleagueList, Contact, ContactList, Problem } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, emailOutbox, refreshTokens, users } from '../src/db/schema/index';
import { type TestUser, testPassword } from './fixtures';
import { useTestApp } from './test-app';

let sequence = 0;
const person = (overrides: Record<string, unknown> = {}) => {
  sequence += 1;
  return {
    name: `Person ${sequence}`,
    email: `person-${sequence}-${Date.now()}@contacts.example`,
    ...overrides,
  };
};

describe('contacts of an organization', () => {
  const context = useTestApp();

  const organizationWithMain = async (tier: 'basic' | 'advanced' | 'premium' = 'premium') => {
    const organizationId = await context.factories.organization({ tier });
    const main = await context.factories.contact({ organizationId, roles: ['main'], tier });
    return { organizationId, main };
  };
  const add = (as: TestUser, body: object) => context.as(as).post('/v1/contacts', body);
  const list = async (as: TestUser) => {
    const response = await context.as(as).get('/v1/contacts');
    expect(response.statusCode).toBe(200);
    return ContactList.parse(response.json()).items;
  };
  const mailsTo = async (email: string) =>
    (await context.database.db.select().from(emailOutbox)).filter((mail) => mail.toAddresses.includes(email));

  it.each(['basic', 'advanced'] as const)(
    'refuses a first technical contact on %s: the main contact holds the only named account',
    async (tier) => {
      const { main } = await organizationWithMain(tier);
      const response = await add(main, { ...person(), role: 'technical' });
      expect(response.statusCode).toBe(409);
      expect(Problem.parse(response.json()).detail).toMatch(/request an additional technical contact/);
    },
  );

  it('allows one technical contact on premium, invites them, and refuses a second', async () => {
    const { main } = await organizationWithMain('premium');
    const first = person({ phone: '+34 600 000 000' });
    const response = await add(main, { ...first, role: 'technical' });
    expect(response.statusCode).toBe(201);
    expect(Contact.parse(response.json())).toMatchObject({
      name: first.name,
      email: first.email,
      phone: '+34 600 000 000',
      roles: ['technical'],
      active: true,
    });
    const mails = await mailsTo(first.email);
    expect(mails.map((mail) => mail.kind).sort()).toEqual(['contact_change', 'invitation']);
    expect(mails.find((mail) => mail.kind === 'invitation')?.textBody).toContain(
      '/support/set-password?token=',
    );

    const second = await add(main, { ...person(), role: 'technical' });
    expect(second.statusCode).toBe(409);
    expect(Problem.parse(second.json()).detail).toMatch(/request an additional technical contact/);
    expect((await list(main)).map((contact) => contact.roles)).toEqual(
      expect.arrayContaining([['main'], ['technical']]),
    );
  });

  it('allows a single administrative contact: a second one answers 409, replace it instead', async () => {
    const { main, organizationId } = await organizationWithMain();
    const first = person();
    const response = await add(main, { ...first, role: 'administrative' });
    expect(response.statusCode).toBe(201);
    expect((await mailsTo(first.email)).find((mail) => mail.kind === 'invitation')?.textBody).toContain(
      '/subscriber/set-password?token=',
    );
    const second = await add(main, { ...person(), role: 'administrative' });
    expect(second.statusCode).toBe(409);
    expect(Problem.parse(second.json()).detail).toMatch(/replace/);
    const audits = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, 'contact.added')));
    expect(audits).toHaveLength(1);
  });

  it('replaces the administrative contact: the previous one, with no other role, is removed', async () => {
    const { main, organizationId } = await organizationWithMain();
    const previous = await context.factories.contact({ organizationId, roles: ['administrative'] });
    const next = person();
    const response = await context.as(main).put('/v1/contacts/administrative', next);
    expect(response.statusCode).toBe(200);
    const created = Contact.parse(response.json());
    expect(created.roles).toEqual(['administrative']);

    const contacts = await list(main);
    expect(contacts.map((contact) => contact.id).sort()).toEqual([main.id, created.id].sort());
    const [removed] = await context.database.db.select().from(users).where(eq(users.id, previous.id));
    expect(removed?.active).toBe(false);
    expect(removed?.removedAt).not.toBeNull();
    expect((await mailsTo(previous.email)).map((mail) => mail.kind)).toEqual(['contact_change']);
    expect((await mailsTo(next.email)).map((mail) => mail.kind).sort()).toEqual([
      'contact_change',
      'invitation',
    ]);
    const [audit] = await context.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.organizationId, organizationId),
          eq(auditLog.action, 'contact.administrative_replaced'),
        ),
      );
    expect(audit?.details).toMatchObject({ previousContactId: previous.id, previousRemoved: true });
  });

  it("updates a contact's details with a confirmation email, and refuses an email a colleague has", async () => {
    const { main, organizationId } = await organizationWithMain();
    const technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    const colleague = await context.factories.contact({ organizationId, roles: ['administrative'] });

    const taken = await context
      .as(main)
      .patch(`/v1/contacts/${technical.id}`, { email: colleague.email.toUpperCase() });
    expect(taken.statusCode).toBe(409);
    expect(Problem.parse(taken.json()).errors).toEqual([
      { path: 'body.email', message: 'already has an account' },
    ]);

    const newEmail = `renamed-${Date.now()}@contacts.example`;
    const response = await context.as(main).patch(`/v1/contacts/${technical.id}`, {
      name: 'Tina Technical',
      email: newEmail,
      phone: '+1 555 0100',
    });
    expect(response.statusCode).toBe(200);
    expect(Contact.parse(response.json())).toMatchObject({
      name: 'Tina Technical',
      email: newEmail,
      phone: '+1 555 0100',
    });
    const [confirmation] = await mailsTo(newEmail);
    expect(confirmation).toMatchObject({ kind: 'contact_change' });
    expect(confirmation?.toAddresses).toContain(technical.email);
    const audits = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, 'contact.updated')));
    expect(audits).toHaveLength(1);
  });

  it('removes a contact at once: sessions and API tokens stop working, history stays', async () => {
    const { main, organizationId } = await organizationWithMain();
    const technical = await context.factories.contact({
      organizationId,
      roles: ['technical'],
      tier: 'premium',
    });
    const { token } = await context.factories.apiToken(technical, { scopes: ['organization:read:org'] });
    const signIn = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: technical.email, password: testPassword },
    });
    expect(signIn.statusCode).toBe(200);
    const session = context.as(technical);
    const withToken = context.asToken(token);
    expect((await session.get('/v1/organization')).statusCode).toBe(200);
    expect((await withToken.get('/v1/organization')).statusCode).toBe(200);

    const removal = await context.as(main).delete(`/v1/contacts/${technical.id}`);
    expect(removal.statusCode).toBe(204);

    expect((await session.get('/v1/organization')).statusCode).toBe(401);
    expect((await withToken.get('/v1/organization')).statusCode).toBe(401);
    const [user] = await context.database.db.select().from(users).where(eq(users.id, technical.id));
    expect(user).toMatchObject({ active: false });
    expect(user?.removedAt).not.toBeNull();
    const tokens = await context.database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, technical.id));
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((row) => row.revokedAt !== null)).toBe(true);
    expect((await list(main)).map((contact) => contact.id)).toEqual([main.id]);
    expect((await mailsTo(technical.email)).map((mail) => mail.kind)).toContain('contact_change');

    const again = await context.as(main).delete(`/v1/contacts/${technical.id}`);
    expect(again.statusCode).toBe(404);
  });

  it('never removes the main contact: hand the role over first', async () => {
    const { main } = await organizationWithMain();
    const response = await context.as(main).delete(`/v1/contacts/${main.id}`);
    expect(response.statusCode).toBe(409);
    expect(Problem.parse(response.json()).detail).toMatch(/hand the main contact role over/);
  });

  it("never lists, changes or removes another organization's contacts", async () => {
    const { main } = await organizationWithMain();
    const other = await organizationWithMain();
    const theirs = await context.factories.contact({
      organizationId: other.organizationId,
      roles: ['technical'],
    });

    const ids = (await list(main)).map((contact) => contact.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(other.main.id);

    const patch = await context.as(main).patch(`/v1/contacts/${theirs.id}`, { name: 'Mallory' });
    expect(patch.statusCode).toBe(404);
    const removal = await context.as(main).delete(`/v1/contacts/${theirs.id}`);
    expect(removal.statusCode).toBe(404);
    const [untouched] = await context.database.db.select().from(users).where(eq(users.id, theirs.id));
    expect(untouched).toMatchObject({ active: true, removedAt: null });
    expect(untouched?.name).not.toBe('Mallory');
  });

  it('lets only the main contact manage contacts', async () => {
    const { organizationId } = await organizationWithMain();
    const technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    const response = await add(technical, { ...person(), role: 'technical' });
    expect(response.statusCode).toBe(403);
  });

  it('names the other contacts of the organization to a technical contact, to copy on a ticket: names only', async () => {
    const { organizationId, main } = await organizationWithMain();
    const technical = await context.factories.contact({
      organizationId,
      roles: ['technical'],
      tier: 'premium',
    });
    const administrative = await context.factories.contact({ organizationId, roles: ['administrative'] });
    const other = await organizationWithMain();

    const response = await context.as(technical).get('/v1/contacts/colleagues');
    expect(response.statusCode, response.body).toBe(200);
    const colleagues = ColleagueList.parse(response.json()).items;
    expect(colleagues.map((colleague) => colleague.id).sort()).toEqual([main.id, administrative.id].sort());
    expect(colleagues.map((colleague) => colleague.id)).not.toContain(other.main.id);
    // No email or phone: a technical contact may not read the list of contacts itself.
    expect(Object.keys(colleagues[0] ?? {}).sort()).toEqual(['id', 'name']);
    expect(JSON.stringify(response.json())).not.toContain('@contacts.example');
  });

  it('does not name colleagues to a contact who may not open tickets', async () => {
    const { organizationId } = await organizationWithMain();
    const administrative = await context.factories.contact({
      organizationId,
      roles: ['administrative'],
      tier: 'premium',
    });
    const response = await context.as(administrative).get('/v1/contacts/colleagues');
    expect(response.statusCode).toBe(403);
  });

  it("counts only the organization's own seats, whatever another organization holds", async () => {
    const { main } = await organizationWithMain('premium');
    const other = await organizationWithMain('premium');
    for (let index = 0; index < 3; index += 1) {
      await context.factories.contact({ organizationId: other.organizationId, roles: ['technical'] });
    }
    const seatsOf = async (as: TestUser) =>
      ContactList.parse((await context.as(as).get('/v1/contacts')).json()).seats;
    expect(await seatsOf(main)).toEqual({ included: 2, additional: 0, inUse: 1, available: 1 });
    expect(await seatsOf(other.main)).toEqual({ included: 2, additional: 0, inUse: 4, available: 0 });
    // A free seat here is taken by this organization's add, not refused for the other's use.
    expect((await add(main, { ...person(), role: 'technical' })).statusCode).toBe(201);
    expect(await seatsOf(main)).toEqual({ included: 2, additional: 0, inUse: 2, available: 0 });
  });
});
