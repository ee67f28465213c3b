import type { Actor, ContactRole, Permission, StaffRole } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organizations, ticketAttachments, ticketCcs, ticketEvents, tickets } from '../src/db/schema/index';
import { type Scope, scopeOf, withScope } from '../src/db/scope';
import { useTestDatabase } from './test-app';
import { createTicket } from './ticket-fixtures';

/**
 * The privacy rule, held by PostgreSQL itself: each query below runs in the app's scoped transaction with
 * no filter of its own, so only the policies of migration 0011 decide what it returns.
 */

const contact = (
  userId: string,
  organizationId: string,
  roles: ContactRole[],
  scopes: Permission[] | null = null,
): Actor => ({
  userId,
  kind: 'contact',
  organizationId,
  contactRoles: roles,
  staffRoles: [],
  tier: 'premium',
  twoFactorVerified: true,
  scopes,
});

const staffMember = (userId: string, roles: StaffRole[]): Actor => ({
  userId,
  kind: 'staff',
  organizationId: null,
  contactRoles: [],
  staffRoles: roles,
  tier: null,
  twoFactorVerified: true,
  scopes: null,
});

/** A query's cause, as PostgreSQL words it. */
const failureOf = async (statement: Promise<unknown>) => {
  try {
    await statement;
    return undefined;
  } catch (error) {
    return ((error as { cause?: unknown }).cause ?? error) as { code?: string; message: string };
  }
};

describe('tickets: the privacy rule in SQL', () => {
  const context = useTestDatabase();
  let organization: string;
  let otherOrganization: string;
  const people = {} as Record<'main' | 'ada' | 'bob' | 'otherMain' | 'agent' | 'billing', string>;
  const ticketOf = {} as Record<'adas' | 'bobsCopyingAda' | 'bobsPrivate' | 'otherOrganizations', string>;

  const visibleTickets = async (actor: Actor | Scope) => {
    const scope = 'kind' in actor ? scopeOf(actor) : actor;
    const rows = await withScope(context.database.db, scope, (tx) =>
      tx.select({ id: tickets.id }).from(tickets),
    );
    return new Set(rows.map((row) => row.id));
  };
  const visibleEventBodies = async (actor: Actor) => {
    const rows = await withScope(context.database.db, scopeOf(actor), (tx) =>
      tx.select({ body: ticketEvents.body }).from(ticketEvents),
    );
    return rows.map((row) => row.body);
  };
  const setSharing = (on: boolean) =>
    context.database.db
      .update(organizations)
      .set({ ticketSharing: on })
      .where(eq(organizations.id, organization));

  beforeAll(async () => {
    organization = await context.factories.organization({ tier: 'premium' });
    otherOrganization = await context.factories.organization({ tier: 'premium' });
    people.main = (await context.factories.contact({ organizationId: organization, roles: ['main'] })).id;
    people.ada = (await context.factories.contact({ organizationId: organization, roles: ['technical'] })).id;
    people.bob = (await context.factories.contact({ organizationId: organization, roles: ['technical'] })).id;
    people.otherMain = (
      await context.factories.contact({ organizationId: otherOrganization, roles: ['main'] })
    ).id;
    people.agent = (await context.factories.staff({ roles: ['support_agent'] })).id;
    people.billing = (await context.factories.staff({ roles: ['billing'] })).id;
    ticketOf.adas = (
      await createTicket(context.database, { organizationId: organization, requesterUserId: people.ada })
    ).id;
    ticketOf.bobsCopyingAda = (
      await createTicket(context.database, {
        organizationId: organization,
        requesterUserId: people.bob,
        ccUserIds: [people.ada],
      })
    ).id;
    ticketOf.bobsPrivate = (
      await createTicket(context.database, {
        organizationId: organization,
        requesterUserId: people.bob,
        description: 'Bob alone may read this',
      })
    ).id;
    ticketOf.otherOrganizations = (
      await createTicket(context.database, {
        organizationId: otherOrganization,
        requesterUserId: people.otherMain,
      })
    ).id;
    await context.database.db.insert(ticketEvents).values({
      ticketId: ticketOf.adas,
      organizationId: organization,
      actorUserId: people.agent,
      kind: 'internal_note',
      visibility: 'internal',
      body: 'Internal: the customer runs an unsupported kernel',
    });
    await context.database.db.insert(ticketAttachments).values({
      ticketId: ticketOf.adas,
      organizationId: organization,
      uploaderUserId: people.agent,
      fileName: 'internal-analysis.txt',
      sizeBytes: 3,
      sha256: 'b'.repeat(64),
      contentType: 'text/plain',
      storageKey: 'attachments/internal-analysis',
      visibility: 'internal',
    });
  });

  it('shows a technical contact the tickets they requested or are copied on, not a colleague’s private one', async () => {
    expect(await visibleTickets(contact(people.ada, organization, ['technical']))).toEqual(
      new Set([ticketOf.adas, ticketOf.bobsCopyingAda]),
    );
    expect(await visibleTickets(contact(people.bob, organization, ['technical']))).toEqual(
      new Set([ticketOf.bobsCopyingAda, ticketOf.bobsPrivate]),
    );
  });

  it('shows every technical contact all of the organization’s tickets once sharing is on', async () => {
    await setSharing(true);
    try {
      expect(await visibleTickets(contact(people.ada, organization, ['technical']))).toEqual(
        new Set([ticketOf.adas, ticketOf.bobsCopyingAda, ticketOf.bobsPrivate]),
      );
    } finally {
      await setSharing(false);
    }
    expect(await visibleTickets(contact(people.ada, organization, ['technical']))).not.toContain(
      ticketOf.bobsPrivate,
    );
  });

  it('shows the main contact every ticket of the organization, and no other organization any of them', async () => {
    expect(await visibleTickets(contact(people.main, organization, ['main']))).toEqual(
      new Set([ticketOf.adas, ticketOf.bobsCopyingAda, ticketOf.bobsPrivate]),
    );
    expect(await visibleTickets(contact(people.otherMain, otherOrganization, ['main']))).toEqual(
      new Set([ticketOf.otherOrganizations]),
    );
  });

  it('shows support staff every ticket, and staff without ticket rights none', async () => {
    expect((await visibleTickets(staffMember(people.agent, ['support_agent']))).size).toBe(4);
    expect(await visibleTickets(staffMember(people.billing, ['billing']))).toEqual(new Set());
  });

  it('limits an API token to its ticket scopes', async () => {
    const withOwnScope = contact(people.main, organization, ['main'], ['ticket:read:own']);
    expect(await visibleTickets(withOwnScope)).toEqual(new Set());
    const bobsToken = contact(
      people.bob,
      organization,
      ['technical'],
      ['ticket:read:own', 'ticket:write:own'],
    );
    expect(await visibleTickets(bobsToken)).toEqual(new Set([ticketOf.bobsCopyingAda, ticketOf.bobsPrivate]));
    const noTicketScope = contact(people.main, organization, ['main'], ['subscription:read:org']);
    expect(await visibleTickets(noTicketScope)).toEqual(new Set());
  });

  it('finds search candidates past row-level security only among the tickets the caller sees', async () => {
    // app_search_tickets runs as the owner (migration 0013): it must apply the privacy rule itself.
    const candidates = async (actor: Actor, words: string) => {
      const rows = await withScope(context.database.db, scopeOf(actor), (tx) =>
        tx.execute<{ id: string }>(
          sql`select matched_ticket_id as id from app_search_tickets(websearch_to_tsquery('english', ${words}), null)`,
        ),
      );
      return new Set(rows.rows.map((row) => row.id));
    };
    const ada = contact(people.ada, organization, ['technical']);
    const main = contact(people.main, organization, ['main']);
    const otherMain = contact(people.otherMain, otherOrganization, ['main']);
    const agent = staffMember(people.agent, ['support_agent']);
    // Between them, the two words are in every ticket: each caller gets exactly the tickets they see.
    for (const actor of [ada, main, otherMain, agent, staffMember(people.billing, ['billing'])]) {
      expect(await candidates(actor, 'wrong or alone')).toEqual(await visibleTickets(actor));
    }
    expect(await candidates(ada, 'alone')).toEqual(new Set());
    expect(await candidates(main, 'alone')).toEqual(new Set([ticketOf.bobsPrivate]));
    expect(await candidates(otherMain, 'alone')).toEqual(new Set());
    await setSharing(true);
    try {
      expect(await candidates(ada, 'alone')).toEqual(new Set([ticketOf.bobsPrivate]));
    } finally {
      await setSharing(false);
    }
    // A match only in an internal note: staff reading every ticket only.
    for (const actor of [ada, main]) expect(await candidates(actor, 'unsupported kernel')).toEqual(new Set());
    expect(await candidates(agent, 'unsupported kernel')).toEqual(new Set([ticketOf.adas]));
    // An API token limited to its own tickets, and one without ticket scopes.
    expect(
      await candidates(contact(people.main, organization, ['main'], ['ticket:read:own']), 'wrong'),
    ).toEqual(new Set());
    expect(
      await candidates(contact(people.main, organization, ['main'], ['subscription:read:org']), 'wrong'),
    ).toEqual(new Set());
  });

  it('never shows a contact an internal note or internal attachment, even of a ticket they see', async () => {
    for (const actor of [
      contact(people.ada, organization, ['technical']),
      contact(people.main, organization, ['main']),
    ]) {
      const bodies = await visibleEventBodies(actor);
      expect(bodies.length).toBeGreaterThan(0);
      expect(bodies.join(' ')).not.toContain('Internal');
      const attachments = await withScope(context.database.db, scopeOf(actor), (tx) =>
        tx.select({ fileName: ticketAttachments.fileName }).from(ticketAttachments),
      );
      expect(attachments).toEqual([]);
    }
    expect((await visibleEventBodies(staffMember(people.agent, ['support_agent']))).join(' ')).toContain(
      'Internal',
    );
  });

  it('shows the events and CCs of visible tickets only', async () => {
    const ada = contact(people.ada, organization, ['technical']);
    const eventTickets = await withScope(context.database.db, scopeOf(ada), (tx) =>
      tx.selectDistinct({ ticketId: ticketEvents.ticketId }).from(ticketEvents),
    );
    expect(new Set(eventTickets.map((row) => row.ticketId))).toEqual(
      new Set([ticketOf.adas, ticketOf.bobsCopyingAda]),
    );
    const bodies = await visibleEventBodies(ada);
    expect(bodies).not.toContain('Bob alone may read this');
    const ccs = await withScope(
      context.database.db,
      scopeOf(contact(people.bob, organization, ['technical'])),
      (tx) => tx.select({ ticketId: ticketCcs.ticketId }).from(ticketCcs),
    );
    expect(ccs).toEqual([{ ticketId: ticketOf.bobsCopyingAda }]);
  });

  it('refuses a contact writing an internal note, or an event on a ticket they cannot see', async () => {
    const ada = contact(people.ada, organization, ['technical']);
    const note = await failureOf(
      withScope(context.database.db, scopeOf(ada), (tx) =>
        tx.insert(ticketEvents).values({
          ticketId: ticketOf.adas,
          organizationId: organization,
          actorUserId: people.ada,
          kind: 'public_reply',
          visibility: 'internal',
          body: 'sneaky',
        }),
      ),
    );
    expect(note?.message).toMatch(/row-level security/);
    const onHidden = await failureOf(
      withScope(context.database.db, scopeOf(ada), (tx) =>
        tx.insert(ticketEvents).values({
          ticketId: ticketOf.bobsPrivate,
          organizationId: organization,
          actorUserId: people.ada,
          kind: 'public_reply',
          visibility: 'public',
          body: 'hello',
        }),
      ),
    );
    expect(onHidden?.message).toMatch(/row-level security/);
  });

  it('names staff to a contact through app_staff_names, and nobody else; the view cannot be written', async () => {
    const ada = contact(people.ada, organization, ['technical']);
    const named = await withScope(context.database.db, scopeOf(ada), (tx) =>
      tx.execute<{ id: string; name: string }>(sql`select id, name from app_staff_names
        where id in (${people.agent}, ${people.billing}, ${people.main}, ${people.otherMain})`),
    );
    // The contact's own policies hide staff; the view shows their names, and no contact's row.
    expect(named.rows.map((row) => row.id).sort()).toEqual([people.agent, people.billing].sort());
    expect(Object.keys(named.rows[0] ?? {}).sort()).toEqual(['id', 'name']);
    for (const statement of [
      sql`update app_staff_names set name = 'Renamed' where id = ${people.agent}`,
      sql`delete from app_staff_names where id = ${people.agent}`,
      sql`insert into app_staff_names (id, name) values (gen_random_uuid(), 'Nobody')`,
    ]) {
      const failure = await failureOf(
        withScope(context.database.db, scopeOf(ada), (tx) => tx.execute(statement)),
      );
      expect(failure?.code).toBe('42501');
    }
  });

  it('keeps the timeline append-only, even for the owner', async () => {
    for (const statement of [
      sql`update ticket_events set body = 'changed'`,
      sql`delete from ticket_events`,
    ]) {
      const failure = await failureOf(context.database.db.execute(statement));
      expect(failure?.code).toBe('42501');
    }
  });

  it('copies only contacts of the ticket’s own organization', async () => {
    const failure = await failureOf(
      context.database.db
        .insert(ticketCcs)
        .values({ ticketId: ticketOf.adas, userId: people.otherMain, organizationId: organization }),
    );
    expect(failure?.message).toMatch(/ticket_ccs_user_of_organization_fk/);
    const staffCc = await failureOf(
      context.database.db
        .insert(ticketCcs)
        .values({ ticketId: ticketOf.adas, userId: people.agent, organizationId: organization }),
    );
    expect(staffCc?.message).toMatch(/ticket_ccs_user_of_organization_fk/);
  });

  it('refuses out-of-range severities and oversized text in SQL too', async () => {
    const base = { organizationId: organization, requesterUserId: people.ada, description: 'x' };
    const [product] = await context.database.db
      .execute<{ id: string }>(sql`select id from products limit 1`)
      .then((r) => r.rows);
    for (const [values, constraint] of [
      [{ ...base, subject: 'ok', severity: 5 }, 'tickets_severity_range'],
      [{ ...base, subject: 's'.repeat(201), severity: 3 }, 'tickets_subject_length'],
      [
        { ...base, subject: 'ok', severity: 3, description: 'd'.repeat(100_001) },
        'tickets_description_length',
      ],
    ] as const) {
      const failure = await failureOf(
        context.database.db.insert(tickets).values({ ...values, productId: product?.id ?? '' }),
      );
      expect(failure?.message).toMatch(constraint);
    }
  });
});
