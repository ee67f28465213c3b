import { randomBytes } from 'node:crypto';
import type { Actor } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/client';
import {
  accountStatementRows,
  accountStatements,
  alertDismissals,
  alertRecipients,
  alerts,
  apiTokens,
  auditLog,
  changeRequests,
  contactRequests,
  creditApplications,
  creditNotes,
  creditRefunds,
  emailOutbox,
  emailPreferences,
  idempotencyKeys,
  invoiceLines,
  invoicePayments,
  invoiceReminders,
  invoices,
  oneTimeTokens,
  orderForms,
  organizations,
  products,
  questionEntries,
  questions,
  recoveryCodes,
  refreshTokens,
  subscriptionNotices,
  subscriptionServices,
  subscriptions,
  ticketAttachments,
  ticketEvents,
  ticketRatings,
  ticketSlaBreaches,
  ticketSlaWarnings,
  users,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  webhookEvents,
} from '../src/db/schema/index';
import { appRole, noActorScope, privileged, scopeOf, withScope } from '../src/db/scope';
import { listSubscriptionsOfOrganization } from '../src/modules/subscriptions/repository';
import { contactActor, createFactories } from './fixtures';
import { useTestDatabase } from './test-app';
import type { TestDatabase } from './test-database';
import { createTicket } from './ticket-fixtures';

/**
 * The guarantee under the application's own filters: PostgreSQL itself keeps each organization's rows
 * from the others. These tests query as the app's role, with the filters left out on purpose.
 */

const unique = () => randomBytes(4).toString('hex');

/** One row of the organization in every organization-owned table, written as the owner. */
const populate = async (database: TestDatabase, organizationId: string) => {
  const factories = createFactories(database);
  const main = await factories.contact({ organizationId, roles: ['main'] });
  const technical = await factories.contact({ organizationId, roles: ['technical'] });
  const [subscription] = await database.db
    .insert(subscriptions)
    .values({ organizationId, tier: 'basic', servers: 2, termStart: '2026-01-01', termEnd: '2027-01-01' })
    .returning({ id: subscriptions.id });
  if (!subscription) throw new Error('subscription not created');
  const inAYear = new Date(Date.now() + 365 * 86_400_000);
  await database.db.insert(contactRequests).values({
    organizationId,
    kind: 'technical_contact',
    requestedByUserId: main.id,
    name: 'Tom',
    email: `tom-${unique()}@example.test`,
  });
  await database.db
    .insert(emailPreferences)
    .values({ organizationId, userId: technical.id, kind: 'renewal_notice', enabled: false });
  await database.db
    .insert(subscriptionNotices)
    .values({ organizationId, subscriptionId: subscription.id, termEnd: '2027-01-01', daysBefore: 30 });
  // A change request and a service it added (read by the main contact: a billing role).
  const [product] = await database.db.select({ id: products.id }).from(products).limit(1);
  if (!product) throw new Error('the catalogue is empty');
  const [changeRequest] = await database.db
    .insert(changeRequests)
    .values({
      organizationId,
      subscriptionId: subscription.id,
      kind: 'additional_servers',
      servers: 2,
      requestedByUserId: main.id,
    })
    .returning({ id: changeRequests.id });
  await database.db.insert(subscriptionServices).values({
    organizationId,
    subscriptionId: subscription.id,
    productId: product.id,
    changeRequestId: changeRequest?.id,
  });
  await database.db.insert(orderForms).values({
    number: `OF-${unique()}`,
    organizationId,
    subscriptionId: subscription.id,
    mainContactId: main.id,
    submitted: {},
    processedByUserId: main.id,
  });
  await database.db.insert(auditLog).values({ action: 'test.entry', organizationId, actorUserId: main.id });
  await database.db.insert(emailOutbox).values({
    kind: 'test',
    organizationId,
    toAddresses: [main.email],
    subject: 'Private',
    textBody: 'Private',
  });
  await database.db.insert(apiTokens).values({
    userId: main.id,
    organizationId,
    name: 'Monitoring',
    tokenPrefix: 'pat_x',
    tokenHash: `hash-${unique()}`,
    scopes: ['subscription:read:org'],
    expiresAt: inAYear,
  });
  await database.db.insert(refreshTokens).values({
    userId: main.id,
    organizationId,
    familyId: crypto.randomUUID(),
    tokenHash: `hash-${unique()}`,
    expiresAt: inAYear,
  });
  await database.db.insert(oneTimeTokens).values({
    userId: technical.id,
    organizationId,
    purpose: 'invitation',
    tokenHash: `hash-${unique()}`,
    expiresAt: inAYear,
  });
  await database.db
    .insert(recoveryCodes)
    .values({ userId: main.id, organizationId, codeHash: `hash-${unique()}` });
  const ticket = await createTicket(database, {
    organizationId,
    requesterUserId: technical.id,
    ccUserIds: [main.id],
  });
  const [reply] = await database.db
    .insert(ticketEvents)
    .values({
      ticketId: ticket.id,
      organizationId,
      actorUserId: technical.id,
      kind: 'public_reply',
      visibility: 'public',
      body: 'Logs attached',
    })
    .returning({ id: ticketEvents.id });
  await database.db.insert(ticketAttachments).values({
    ticketId: ticket.id,
    organizationId,
    eventId: reply?.id,
    uploaderUserId: technical.id,
    fileName: 'oned.log',
    sizeBytes: 12,
    sha256: 'a'.repeat(64),
    contentType: 'text/plain',
    storageKey: `attachments/${unique()}`,
  });
  const missed = { ticketId: ticket.id, organizationId, kind: 'first_response' as const };
  const owedSince = new Date('2026-12-07T08:00:00Z');
  const dueAt = new Date('2026-12-07T10:00:00Z');
  await database.db
    .insert(ticketSlaBreaches)
    .values({ ...missed, owedSince, dueAt, recordedAt: dueAt, tier: 'advanced', severity: 1 });
  await database.db.insert(ticketSlaWarnings).values({ ...missed, owedSince, dueAt, sentAt: dueAt });
  await database.db.insert(idempotencyKeys).values({
    userId: main.id,
    organizationId,
    key: `key-${unique()}`,
    endpoint: 'POST /v1/tickets',
    requestHash: 'hash',
    responseStatus: 201,
    responseBody: { id: ticket.id },
  });
  // A rating is its requester's alone: the main contact's, on their own ticket, for the reads as them.
  const rated = await createTicket(database, { organizationId, requesterUserId: main.id });
  await database.db
    .insert(ticketRatings)
    .values({ ticketId: rated.id, organizationId, raterUserId: main.id, rating: 'good' });
  const [alert] = await database.db
    .insert(alerts)
    .values({ kind: 'maintenance', title: 'Maintenance', body: 'Tonight' })
    .returning({ id: alerts.id });
  if (!alert) throw new Error('alert not created');
  await database.db.insert(alertDismissals).values({ alertId: alert.id, userId: main.id, organizationId });
  await database.db.insert(alertRecipients).values({ alertId: alert.id, userId: main.id, organizationId });
  // An issued invoice (drafts are staff-only), its line and a payment, seen by the main contact.
  const [invoice] = await database.db
    .insert(invoices)
    .values({ organizationId, currency: 'EUR', subtotalMinor: 1_000, taxMinor: 200, totalMinor: 1_200 })
    .returning({ id: invoices.id });
  if (!invoice) throw new Error('invoice not created');
  await database.db.insert(invoiceLines).values({
    invoiceId: invoice.id,
    organizationId,
    position: 1,
    description: 'Support',
    quantity: 1,
    unitPriceMinor: 1_000,
    taxRateBasisPoints: 2_000,
    netMinor: 1_000,
    taxMinor: 200,
  });
  await database.db
    .update(invoices)
    .set({
      documentStatus: 'issued',
      numberYear: 2026,
      number: randomBytes(3).readUIntBE(0, 3) + 1,
      issueDate: '2026-11-02',
      dueDate: '2026-12-02',
      billToName: 'Customer',
      issuedAt: new Date(),
    })
    .where(eq(invoices.id, invoice.id));
  await database.db.insert(invoicePayments).values({
    invoiceId: invoice.id,
    organizationId,
    currency: 'EUR',
    amountMinor: 500,
    method: 'bank_transfer',
    reference: 'TRF-1',
    receivedOn: '2026-11-20',
  });
  const [note] = await database.db
    .insert(creditNotes)
    .values({
      organizationId,
      invoiceId: invoice.id,
      currency: 'EUR',
      numberYear: 2026,
      number: randomBytes(3).readUIntBE(0, 3) + 1,
      issueDate: '2026-11-21',
      amountMinor: 300,
      reason: 'Service credit',
    })
    .returning({ id: creditNotes.id });
  if (!note) throw new Error('credit note not created');
  await database.db.insert(creditApplications).values({
    organizationId,
    creditNoteId: note.id,
    invoiceId: invoice.id,
    currency: 'EUR',
    amountMinor: 200,
    appliedOn: '2026-11-21',
  });
  await database.db.insert(creditRefunds).values({
    organizationId,
    currency: 'EUR',
    amountMinor: 100,
    reference: 'Refund',
    refundedOn: '2026-11-22',
  });
  await database.db
    .insert(invoiceReminders)
    .values({ invoiceId: invoice.id, organizationId, daysPastDue: 7 });
  const [statement] = await database.db
    .insert(accountStatements)
    .values({
      organizationId,
      currency: 'EUR',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      organizationName: 'Customer',
      openingMinor: 0,
      closingMinor: 700,
      rowCount: 1,
      aging: [],
      generatedByUserId: main.id,
      csv: 'Date,Type\r\n',
      pdf: Buffer.from('%PDF-'),
    })
    .returning();
  if (!statement) throw new Error('statement not kept');
  await database.db.insert(accountStatementRows).values({
    statementId: statement.id,
    organizationId,
    position: 1,
    entryDate: '2026-11-20',
    kind: 'invoice',
    reference: 'INV-2026-0001',
    debitMinor: 1000,
    creditMinor: 0,
    balanceMinor: 1000,
  });
  const [question] = await database.db
    .insert(questions)
    .values({
      organizationId,
      askedByUserId: main.id,
      topic: 'invoicing_billing',
      team: 'billing',
      subject: 'Why?',
      invoiceId: invoice.id,
    })
    .returning({ id: questions.id });
  if (!question) throw new Error('question not created');
  await database.db.insert(questionEntries).values({
    questionId: question.id,
    organizationId,
    kind: 'message',
    authorUserId: main.id,
    fromStaff: false,
    body: 'Why two lines?',
  });
  const [webhookEndpoint] = await database.db
    .insert(webhookEndpoints)
    .values({
      organizationId,
      ownerUserId: main.id,
      url: 'https://hooks.example.com/portals',
      eventTypes: ['ticket.created'],
      secretSealed: 'sealed',
    })
    .returning({ id: webhookEndpoints.id });
  if (!webhookEndpoint) throw new Error('webhook endpoint not created');
  const [webhookEvent] = await database.db
    .insert(webhookEvents)
    .values({ organizationId, type: 'ping', audience: 'endpoint', data: {} })
    .returning({ id: webhookEvents.id });
  if (!webhookEvent) throw new Error('webhook event not created');
  const [webhookDelivery] = await database.db
    .insert(webhookDeliveries)
    .values({ endpointId: webhookEndpoint.id, eventId: webhookEvent.id, organizationId, retryUntil: inAYear })
    .returning({ id: webhookDeliveries.id });
  if (!webhookDelivery) throw new Error('webhook delivery not created');
  await database.db.insert(webhookDeliveryAttempts).values({
    deliveryId: webhookDelivery.id,
    organizationId,
    attemptedAt: new Date(),
    latencyMs: 12,
    statusCode: 200,
  });
  return { main, technical, subscriptionId: subscription.id };
};

/** Every table of the public schema with an organization_id column, and organizations (keyed by id). */
const organizationOwnedTables = async (database: TestDatabase) => {
  const { rows } = await database.pool.query<{ table: string; column: string }>(`
    select c.relname as table, case when c.relname = 'organizations' then 'id' else 'organization_id' end as column
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and (c.relname = 'organizations' or exists (
        select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped))
    order by c.relname`);
  return rows;
};

interface Settings {
  /** Null: the setting is never made on the connection. */
  organizationId: string | null;
  staff?: boolean;
  /** The transaction's user: someone's own rows (idempotency keys) need it. */
  userId?: string;
}

/** A raw statement as the app's role, with the given settings, in a transaction that is rolled back. */
const asAppRole = async <T extends pg.QueryResultRow>(
  database: TestDatabase,
  settings: Settings,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<T>> => {
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    // The organization's whole ticket audience (a main contact's), every ticket for staff.
    await client.query(
      `select set_config('role', $1, true), set_config('app.staff', $2, true),
        set_config('app.ticket_audience', $3, true), set_config('app.user_id', $4, true)`,
      [appRole, settings.staff ? 'on' : 'off', settings.staff ? 'any' : 'org', settings.userId ?? ''],
    );
    if (settings.organizationId !== null) {
      await client.query(`select set_config('app.organization_id', $1, true)`, [settings.organizationId]);
    }
    return await client.query<T>(text, values);
  } finally {
    await client.query('rollback');
    client.release();
  }
};

/** The Postgres error a statement fails with, or undefined when it succeeds. */
const failureOf = async (statement: Promise<unknown>) => (await outcomeOf(statement)).error;

const outcomeOf = async <T>(statement: Promise<T>) => {
  try {
    return { result: await statement, error: undefined };
  } catch (error) {
    // drizzle wraps the driver's error; the database's own message is its cause.
    const cause = (error as { cause?: unknown }).cause ?? error;
    return { result: undefined, error: cause as { code?: string; message: string } };
  }
};

describe('row-level security: the database keeps organizations apart', () => {
  const context = useTestDatabase();
  let organizationA: string;
  let organizationB: string;
  let mainOfA: string;
  let tables: { table: string; column: string }[];

  beforeAll(async () => {
    organizationA = await context.factories.organization({ name: 'Alpha' });
    organizationB = await context.factories.organization({ name: 'Bravo' });
    mainOfA = (await populate(context.database, organizationA)).main.id;
    await populate(context.database, organizationB);
    // Rows of no organization (a staff member's): staff-only.
    const staff = await context.factories.staff({ roles: ['admin'] });
    await context.database.db.insert(auditLog).values({ action: 'test.staff_entry', actorUserId: staff.id });
    tables = await organizationOwnedTables(context.database);
  });

  it('runs the app as a role that owns nothing and cannot bypass the policies', async () => {
    const { rows } = await context.database.pool.query<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      owns: number;
    }>(
      `select r.rolsuper, r.rolbypassrls,
        (select count(*)::int from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace) as owns
       from pg_roles r where r.rolname = $1`,
      [appRole],
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owns: 0 }]);
  });

  it('has row-level security and a policy on every organization-owned table, this test included', async () => {
    expect(tables.length).toBeGreaterThanOrEqual(14);
    const { rows } = await context.database.pool.query<{ table: string }>(
      `select c.relname as table from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relname = any($1)
         and c.relrowsecurity and exists (select 1 from pg_policy p where p.polrelid = c.oid)`,
      [tables.map(({ table }) => table)],
    );
    const protectedTables = rows.map(({ table }) => table);
    const unprotected = tables.map(({ table }) => table).filter((table) => !protectedTables.includes(table));
    expect(unprotected, 'organization-owned tables without row-level security or without a policy').toEqual(
      [],
    );
  });

  it("has another organization's rows in every table to hide (the checks below are not vacuous)", async () => {
    for (const { table, column } of tables) {
      const { rows } = await context.database.pool.query<{ count: number }>(
        `select count(*)::int as count from "${table}" where "${column}" = $1`,
        [organizationB],
      );
      expect(rows[0]?.count, `rows of organization B in ${table}`).toBeGreaterThan(0);
    }
  });

  it('shows an organization its own rows only, in every table, even with no filter at all', async () => {
    for (const { table, column } of tables) {
      const { rows } = await asAppRole<{ column: string | null }>(
        context.database,
        { organizationId: organizationA, userId: mainOfA },
        `select "${column}"::text as column from "${table}"`,
      );
      expect(rows.length, `own rows visible in ${table}`).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => row.column)), `organizations visible in ${table}`).toEqual(
        new Set([organizationA]),
      );
    }
  });

  it("neither updates nor deletes another organization's rows, in every table", async () => {
    for (const { table, column } of tables) {
      const before = await context.database.pool.query(
        `select * from "${table}" where "${column}" = $1 order by 1`,
        [organizationB],
      );
      for (const statement of [
        `update "${table}" set "${column}" = "${column}" where "${column}" = $1`,
        `delete from "${table}" where "${column}" = $1`,
      ]) {
        const { result, error } = await outcomeOf(
          asAppRole(context.database, { organizationId: organizationA }, statement, [organizationB]),
        );
        // Zero rows touched; the append-only audit log refuses the statement outright.
        if (error) expect(error.code, `${statement}: ${error.message}`).toBe('42501');
        else expect(result?.rowCount, statement).toBe(0);
      }
      const after = await context.database.pool.query(
        `select * from "${table}" where "${column}" = $1 order by 1`,
        [organizationB],
      );
      expect(after.rows, `rows of organization B in ${table}`).toEqual(before.rows);
    }
  });

  it('refuses to insert a row of another organization, in every table', async () => {
    for (const { table, column } of tables) {
      // A copy of one of B's real rows: valid in every other respect, so only the policy can refuse it.
      const { rows } = await context.database.pool.query<{ row: unknown }>(
        `select to_jsonb(t) as row from "${table}" t where "${column}" = $1 limit 1`,
        [organizationB],
      );
      // Columns the database fills itself (generated, identity always) cannot be written, so are left out.
      const { rows: writable } = await context.database.pool.query<{ columns: string }>(
        `select string_agg(quote_ident(attname), ', ' order by attnum) as columns from pg_attribute
         where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' and attidentity <> 'a'`,
        [table],
      );
      const columns = writable[0]?.columns;
      const outcome = await failureOf(
        asAppRole(
          context.database,
          { organizationId: organizationA },
          `insert into "${table}" (${columns}) select ${columns} from jsonb_populate_record(null::"${table}", $1)`,
          [rows[0]?.row],
        ),
      );
      expect(outcome?.message, table).toMatch(/row-level security/);
    }
  });

  it('shows nothing at all when no organization is set (a request with no actor)', async () => {
    for (const { table } of tables) {
      for (const organizationId of ['', null]) {
        const { rows } = await asAppRole<{ count: number }>(
          context.database,
          { organizationId },
          `select count(*)::int as count from "${table}"`,
        );
        expect(rows[0]?.count, `${table} with organization ${JSON.stringify(organizationId)}`).toBe(0);
      }
    }
  });

  it("lets a partner read, never change, its end users' organizations and subscriptions; nothing else of theirs", async () => {
    const [partner] = await context.database.db
      .insert(organizations)
      .values({ name: 'Partner', kind: 'partner', partnerLevel: 'gold' })
      .returning({ id: organizations.id });
    const [endUser] = await context.database.db
      .insert(organizations)
      .values({ name: 'End user', kind: 'customer', registeringPartnerId: partner?.id })
      .returning({ id: organizations.id });
    if (!partner || !endUser) throw new Error('organizations not created');
    await populate(context.database, endUser.id);
    const asPartner = (text: string) =>
      asAppRole(context.database, { organizationId: partner.id }, text, [endUser.id]);
    expect((await asPartner('select id from organizations where id = $1')).rowCount).toBe(1);
    expect((await asPartner('select id from subscriptions where organization_id = $1')).rowCount).toBe(1);
    for (const table of ['users', 'contact_roles', 'contact_requests', 'order_forms', 'audit_log']) {
      expect((await asPartner(`select 1 from ${table} where organization_id = $1`)).rowCount, table).toBe(0);
    }
    expect(
      (await asPartner(`update subscriptions set servers = 99 where organization_id = $1`)).rowCount,
    ).toBe(0);
    expect((await asPartner(`delete from subscriptions where organization_id = $1`)).rowCount).toBe(0);
    expect((await asPartner(`update organizations set name = 'Taken' where id = $1`)).rowCount).toBe(0);
  });

  it('shows staff every row of every table, those of no organization included', async () => {
    for (const { table, column } of tables) {
      const text = `select count(*)::int as count, count(distinct "${column}")::int as organizations,
        count(*) filter (where "${column}" is null)::int as of_nobody from "${table}"`;
      const asOwner = await context.database.pool.query(text);
      const asStaff = await asAppRole(context.database, { organizationId: '', staff: true }, text);
      expect(asStaff.rows, table).toEqual(asOwner.rows);
    }
    const { rows } = await asAppRole<{ count: number }>(
      context.database,
      { organizationId: '', staff: true },
      'select count(*)::int as count from audit_log where organization_id is null',
    );
    expect(rows[0]?.count).toBeGreaterThan(0);
  });
});

describe("the app's scoped executor", () => {
  const context = useTestDatabase();
  let organizationA: string;
  let organizationB: string;
  let actorA: Actor;

  beforeAll(async () => {
    organizationA = await context.factories.organization({ tier: 'premium' });
    organizationB = await context.factories.organization({ tier: 'basic' });
    const main = await context.factories.contact({ organizationId: organizationA, roles: ['main'] });
    actorA = contactActor(main.id, organizationA);
  });

  it('returns nothing of another organization from a deliberately unscoped query', async () => {
    const everything = await withScope(context.database.db, scopeOf(actorA), (tx) =>
      tx.select({ organizationId: subscriptions.organizationId }).from(subscriptions),
    );
    expect(everything).toEqual([{ organizationId: organizationA }]);
    const people = await withScope(context.database.db, scopeOf(actorA), (tx) =>
      tx.select({ organizationId: users.organizationId }).from(users),
    );
    expect(new Set(people.map((person) => person.organizationId))).toEqual(new Set([organizationA]));
  });

  it("returns nothing when a repository is asked for another organization's rows", async () => {
    const rows = await withScope(context.database.db, scopeOf(actorA), (tx) =>
      listSubscriptionsOfOrganization(tx, organizationB, { limit: 10 }),
    );
    expect(rows).toEqual([]);
    const own = await withScope(context.database.db, scopeOf(actorA), (tx) =>
      listSubscriptionsOfOrganization(tx, organizationA, { limit: 10 }),
    );
    expect(own).toHaveLength(1);
  });

  it('returns no rows at all with no actor', async () => {
    for (const scope of [noActorScope, scopeOf(null)]) {
      const rows = await withScope(context.database.db, scope, (tx) => tx.select().from(subscriptions));
      expect(rows).toEqual([]);
    }
  });

  it('refuses to write a row into another organization', async () => {
    const outcome = await failureOf(
      withScope(context.database.db, scopeOf(actorA), (tx) =>
        tx.insert(subscriptions).values({
          organizationId: organizationB,
          tier: 'premium',
          servers: 1,
          termStart: '2026-01-01',
          termEnd: '2027-01-01',
        }),
      ),
    );
    expect(outcome?.message).toMatch(/row-level security/);
  });

  it('keeps the scope in a nested transaction, which rolls back alone', async () => {
    const rows = await withScope(context.database.db, scopeOf(actorA), async (tx) => {
      await expect(
        tx.transaction(async (inner) => {
          await inner.insert(subscriptions).values({
            organizationId: organizationA,
            tier: 'basic',
            servers: 1,
            termStart: '2026-01-01',
            termEnd: '2027-01-01',
          });
          throw new Error('undone');
        }),
      ).rejects.toThrow('undone');
      return tx.select({ organizationId: subscriptions.organizationId }).from(subscriptions);
    });
    expect(rows).toEqual([{ organizationId: organizationA }]);
  });

  it('leaves nothing of the scope on the connection for its next user', async () => {
    const single = connectDatabase(context.database.url, { max: 1 });
    try {
      const inScope = await withScope(single.db, scopeOf(actorA), (tx) =>
        tx.execute<{ plans: string }>(sql`select current_setting('plan_cache_mode') as plans`),
      );
      // Scoped statements keep one generic plan each (db/scope.ts), within their transaction only.
      expect(inScope.rows[0]?.plans).toBe('force_generic_plan');
      await expect(
        withScope(single.db, scopeOf(actorA), () => Promise.reject(new Error('boom'))),
      ).rejects.toThrow('boom');
      const { rows } = await single.pool.query<{ role: string; organization: string | null; plans: string }>(
        "select current_user as role, current_setting('app.organization_id', true) as organization, current_setting('plan_cache_mode') as plans",
      );
      expect(rows[0]?.role).not.toBe(appRole);
      expect(rows[0]?.organization ?? '').toBe('');
      expect(rows[0]?.plans).toBe('auto');
      // The privileged path is the owner: it sees every organization.
      const all = await privileged(single.db).select({ id: subscriptions.id }).from(subscriptions);
      expect(all).toHaveLength(2);
    } finally {
      await single.close();
    }
  });

  it('lets staff see every organization through the same executor', async () => {
    const staff = await context.factories.staff({ roles: ['support_agent'] });
    const rows = await withScope(
      context.database.db,
      scopeOf({
        ...actorA,
        userId: staff.id,
        kind: 'staff',
        organizationId: null,
        staffRoles: ['support_agent'],
      }),
      (tx) => tx.select({ organizationId: subscriptions.organizationId }).from(subscriptions),
    );
    expect(new Set(rows.map((row) => row.organizationId))).toEqual(new Set([organizationA, organizationB]));
    const settings = await withScope(context.database.db, scopeOf(actorA), (tx) =>
      tx.execute<{ staff: string }>(sql`select current_setting('app.staff', true) as staff`),
    );
    expect(settings.rows[0]?.staff).toBe('off');
  });
});
