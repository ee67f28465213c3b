import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactRoles, organizations, users } from '../src/db/schema/index';
import { hasDemoData, seedDemoData } from '../src/db/seed';
import { verifyPassword } from '../src/lib/passwords';
import { useTestDatabase } from './test-app';

describe('demo data', () => {
  const context = useTestDatabase();

  beforeAll(async () => {});

  it('refuses to load in production', async () => {
    await expect(seedDemoData(context.database.db, 'production')).rejects.toThrow(/production/);
    expect(await context.database.db.select().from(organizations)).toHaveLength(0);
  });

  it('loads staff, a premium customer with its four contacts, a basic customer and a partner with two end users', async () => {
    expect(await hasDemoData(context.database.db)).toBe(false);
    expect(await seedDemoData(context.database.db, 'development')).toBe(true);
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

  it('leaves a database that already has data alone', async () => {
    const before = (await context.database.db.select().from(users)).length;
    expect(await seedDemoData(context.database.db, 'development')).toBe(false);
    expect(await context.database.db.select().from(users)).toHaveLength(before);
  });
});
