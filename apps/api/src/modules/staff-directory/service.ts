import {
  type Actor,
  assertCan,
  type OrganizationContactList,
  type OrganizationSearchPage,
  type OrganizationSearchQuery,
  type StaffMemberPage,
  type StaffMemberQuery,
  type StaffOrganization,
  seatUse,
  ticketAssigneeRoles,
} from '@portals/domain';
import { z } from 'zod';
import { type DatabaseAccess, scopeOf, withScope } from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { findSeatFacts, listCurrentContacts as listContactsWithRoles } from '../contacts/repository';
import {
  findOrganizationForStaff,
  listCurrentContacts,
  listOrderFormsOfOrganization,
  listStaffMembers,
  organizationExists,
  searchOrganizationDirectory,
} from './repository';

/** A keyset cursor: the last row's sort name and id. */
const NameCursor = z.string().transform((value, context) => {
  try {
    const [name, id] = z.tuple([z.string().max(500), z.uuid()]).parse(JSON.parse(value));
    return { name, id };
  } catch {
    context.addIssue({ code: 'custom', message: 'not a cursor' });
    return z.NEVER;
  }
});

/** The route admits staff permissions only, but an API token or a future role must not reach staff rows. */
const requireStaff = (actor: Actor) => {
  if (actor.kind !== 'staff')
    throw new AppError('forbidden', "Only the vendor's staff read the staff directory");
};

export const listStaffDirectory = async (
  db: DatabaseAccess,
  actor: Actor,
  query: StaffMemberQuery,
): Promise<StaffMemberPage> => {
  requireStaff(actor);
  const after = query.cursor ? decodeCursor(query.cursor, NameCursor) : undefined;
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    listStaffMembers(tx, {
      ...(query.assignable === 'true' ? { withRoles: ticketAssigneeRoles } : {}),
      ...(after ? { after } : {}),
      limit: query.limit + 1,
    }),
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ id, name, email, roles }) => ({ id, name, email, roles })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(JSON.stringify([last.name, last.id])) : null,
  };
};

export const searchOrganizations = async (
  db: DatabaseAccess,
  actor: Actor,
  query: OrganizationSearchQuery,
): Promise<OrganizationSearchPage> => {
  requireStaff(actor);
  const after = query.cursor ? decodeCursor(query.cursor, NameCursor) : undefined;
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    searchOrganizationDirectory(
      tx,
      {
        searchPart: query.q,
        kind: query.kind,
        tier: query.tier,
        subscriptionStatus: query.subscriptionStatus,
        renewalWithinDays: query.renewalWithinDays,
      },
      { after, limit: query.limit + 1 },
    ),
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ id, name, kind, tier, registeringPartner, mainContact, nextRenewalDate }) => ({
      id,
      name,
      kind,
      tier,
      registeringPartner,
      mainContact,
      nextRenewalDate,
    })),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor(JSON.stringify([last.sortName, last.id])) : null,
  };
};

/** An organization as staff open it: its contacts with their roles, its seat use and its Order Forms. */
export const getOrganizationForStaff = async (
  db: DatabaseAccess,
  actor: Actor,
  organizationId: string,
): Promise<StaffOrganization> => {
  requireStaff(actor);
  assertCan(actor, 'organization:read:any');
  return withScope(db, scopeOf(actor), async (tx) => {
    const organization = await findOrganizationForStaff(tx, organizationId);
    if (!organization) throw notFound('The organization');
    const { tier, contacts: seatHolders } = await findSeatFacts(tx, organizationId);
    const contacts = await listContactsWithRoles(tx, organizationId);
    const forms = await listOrderFormsOfOrganization(tx, organizationId);
    return {
      ...organization,
      createdAt: organization.createdAt.toISOString(),
      tier,
      seats: seatUse(tier, seatHolders),
      contacts: contacts.map(({ id, name, email, phone, roles, active }) => ({
        id,
        name,
        email,
        phone,
        roles,
        active,
      })),
      orderForms: forms.map((form) => ({ number: form.number, processedAt: form.processedAt.toISOString() })),
    };
  });
};

export const listOrganizationContacts = async (
  db: DatabaseAccess,
  actor: Actor,
  organizationId: string,
): Promise<OrganizationContactList> => {
  requireStaff(actor);
  return withScope(db, scopeOf(actor), async (tx) => {
    if (!(await organizationExists(tx, organizationId))) throw notFound('The organization');
    return { items: await listCurrentContacts(tx, organizationId) };
  });
};
