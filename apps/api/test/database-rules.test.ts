import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contactRoles, organizations, users } from '../src/db/schema/index';
import { useTestDatabase } from './test-app';

describe('rules the database enforces', () => {
  const context = useTestDatabase();
  let organizationId: string;

  beforeAll(async () => {
    const [organization] = await context.database.db
      .insert(organizations)
      .values({ name: 'Initech', kind: 'customer' })
      .returning({ id: organizations.id });
    if (!organization) throw new Error('seed failed');
    organizationId = organization.id;
  });

  const addContact = async (email: string) => {
    const [user] = await context.database.db
      .insert(users)
      .values({ kind: 'contact', organizationId, email, name: email })
      .returning({ id: users.id });
    if (!user) throw new Error('insert failed');
    return user.id;
  };

  it('allows one main contact per organization, never two', async () => {
    const first = await addContact('peter@initech.example');
    const second = await addContact('bill@initech.example');
    await context.database.db.insert(contactRoles).values({ organizationId, userId: first, role: 'main' });
    await expect(
      context.database.db.insert(contactRoles).values({ organizationId, userId: second, role: 'main' }),
    ).rejects.toThrow();
  });

  it('treats email addresses as unique whatever their case', async () => {
    await addContact('milton@initech.example');
    await expect(addContact('Milton@Initech.example')).rejects.toThrow();
  });

  it('keeps the audit log append-only', async () => {
    await context.database.db.insert(auditLog).values({ action: 'test.recorded', organizationId });
    await expect(
      context.database.db.execute(sql`update audit_log set action = 'rewritten'`),
    ).rejects.toThrow();
    await expect(context.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    const rows = await context.database.db.select().from(auditLog);
    expect(rows.map((row) => row.action)).toEqual(['test.recorded']);
  });

  it('indexes organization_id on every table an organization owns', async () => {
    const result = await context.database.db.execute(sql`
      select c.table_name from information_schema.columns c
      where c.table_schema = 'public' and c.column_name = 'organization_id'
        and not exists (
          select 1 from pg_indexes i
          where i.schemaname = 'public' and i.tablename = c.table_name
            and i.indexdef ~ ('\\(organization_id[,)]')
        )`);
    expect(result.rows).toEqual([]);
  });

  it('puts new tickets and replies into the search indexes at once, with no pending list to read through', async () => {
    // With GIN's default fastupdate, new entries wait in a list that every search reads whole until a
    // vacuum merges it: searches ran 14 times slower once a few thousand replies were waiting (decision 045).
    const result = await context.database.db.execute<{ index: string; options: string[] | null }>(sql`
      select i.relname as index, i.reloptions as options
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_am a on a.oid = i.relam
        join pg_class t on t.oid = x.indrelid
      where a.amname = 'gin' and t.relname in ('tickets', 'ticket_events')
        and pg_get_indexdef(i.oid) like '%search_document%'
      order by i.relname`);
    expect(result.rows).toEqual([
      { index: 'ticket_events_organization_search_idx', options: ['fastupdate=false'] },
      { index: 'ticket_events_search_idx', options: ['fastupdate=false'] },
      { index: 'tickets_organization_search_idx', options: ['fastupdate=false'] },
      { index: 'tickets_search_idx', options: ['fastupdate=false'] },
    ]);
  });
});
