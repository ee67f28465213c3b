import { EmailPreferences, Problem } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../src/db/schema/index';
import { privileged } from '../src/db/scope';
import { queueEmailForRole } from '../src/modules/communications/queue-email-for-role';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

describe('communications tailored to roles', () => {
  const context = useTestApp();
  let organizationId: string;
  let main: TestUser;
  let technical: TestUser;
  let administrative: TestUser;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ tier: 'premium' });
    main = await context.factories.contact({ organizationId, roles: ['main'] });
    technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    administrative = await context.factories.contact({ organizationId, roles: ['administrative'] });
  });

  const preferences = async (user: TestUser) =>
    EmailPreferences.parse((await context.as(user).get('/v1/me/email-preferences')).json()).items;
  const setPreference = (user: TestUser, kind: string, enabled: boolean) =>
    context.as(user).put('/v1/me/email-preferences', { kind, enabled });
  const queue = (kind: Parameters<typeof queueEmailForRole>[2], organization = organizationId) =>
    privileged(context.database.db).transaction((tx) =>
      queueEmailForRole(tx, organization, kind, { subject: `A ${kind}`, text: 'Body' }),
    );
  const recipientsOf = async (id: string | null) => {
    if (!id) return null;
    const [row] = await context.database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    return row?.toAddresses.slice().sort();
  };

  it("lists the kinds that concern the caller's roles, mandatory ones always on", async () => {
    const kinds = (await preferences(technical)).map((preference) => preference.kind);
    expect(kinds).toContain('alert');
    expect(kinds).not.toContain('payment_received');
    expect(kinds).not.toContain('renewal_notice');
    const forMain = await preferences(main);
    expect(forMain.find((preference) => preference.kind === 'renewal_notice')).toEqual({
      kind: 'renewal_notice',
      mandatory: true,
      enabled: true,
    });
  });

  it('lets a contact turn an optional kind off, and then skips them', async () => {
    expect((await recipientsOf(await queue('alert')))?.length).toBe(2);
    const response = await setPreference(technical, 'alert', false);
    expect(response.statusCode).toBe(200);
    expect(
      EmailPreferences.parse(response.json()).items.find((preference) => preference.kind === 'alert')
        ?.enabled,
    ).toBe(false);
    expect(await recipientsOf(await queue('alert'))).toEqual([main.email]);
    expect((await setPreference(technical, 'alert', true)).statusCode).toBe(200);
    expect((await recipientsOf(await queue('alert')))?.length).toBe(2);
  });

  it('refuses to turn a mandatory kind off, with a clear message', async () => {
    const response = await setPreference(main, 'invoice_issued', false);
    expect(response.statusCode).toBe(400);
    expect(Problem.parse(response.json()).detail).toContain('mandatory');
  });

  it('refuses a kind that does not concern the caller, and an unknown kind', async () => {
    expect((await setPreference(technical, 'payment_received', false)).statusCode).toBe(400);
    expect((await setPreference(technical, 'newsletter', false)).statusCode).toBe(400);
  });

  it('sends each kind to the roles it concerns', async () => {
    expect(await recipientsOf(await queue('renewal_notice'))).toEqual([main.email]);
    expect(await recipientsOf(await queue('invoice_issued'))).toEqual(
      [main.email, administrative.email].sort(),
    );
    expect(await recipientsOf(await queue('ticket_update'))).toEqual([main.email, technical.email].sort());
  });

  it('makes the main contact the sole contact when no other contact exists', async () => {
    const alone = await context.factories.organization();
    const soleContact = await context.factories.contact({ organizationId: alone, roles: ['main'] });
    expect(await recipientsOf(await queue('invoice_issued', alone))).toEqual([soleContact.email]);
    expect(await recipientsOf(await queue('ticket_update', alone))).toEqual([soleContact.email]);
  });

  it('queues nothing when everyone concerned opted out', async () => {
    const alone = await context.factories.organization();
    const soleContact = await context.factories.contact({ organizationId: alone, roles: ['main'] });
    expect((await setPreference(soleContact, 'payment_received', false)).statusCode).toBe(200);
    expect(await queue('payment_received', alone)).toBeNull();
    const rows = await context.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.organizationId, alone), eq(emailOutbox.kind, 'payment_received')));
    expect(rows).toEqual([]);
  });
});
