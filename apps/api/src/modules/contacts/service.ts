import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type AddContactRequest,
  type AssignableContactRole,
  assertCan,
  type ColleagueList,
  type Contact,
  type ContactList,
  describeSeatUse,
  type NewPerson,
  needsAdditionalSeat,
  type ReplaceAdministrativeContactRequest,
  type SeatUse,
  seatUse,
  type UpdateContactRequest,
} from '@portals/domain';
import type { Config } from '../../config';
import {
  type DatabaseAccess,
  organizationScopeOf,
  privileged,
  type ScopedExecutor,
  withScope,
} from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { type IdempotencyClaim, idempotently } from '../../lib/idempotency';
import type { RequestContext } from '../../lib/request-context';
import { queuePasswordLink } from '../auth/links-service';
import { queueEmail } from '../email/outbox';
import { contactChangeEmail } from '../email/templates/contact-change';
import { recordWebhookEvent } from '../webhooks/record-event';
import {
  type ContactRow,
  deleteContactRole,
  findContactIdsWithRole,
  findCurrentContactForUpdate,
  findSeatFacts,
  insertContact,
  listCurrentContacts,
  lockOrganization,
  markContactRemoved,
  unsafeFindEmailHolder,
  updateContactDetails,
} from './repository';

/** A `contact.changed` webhook event (main contacts' endpoints), in the change's transaction. */
const contactChanged = (tx: ScopedExecutor, organizationId: string, contactId: string, change: string) =>
  recordWebhookEvent(tx, {
    organizationId,
    type: 'contact.changed',
    audience: 'organization',
    data: { contactId, change },
  });

export interface ContactDependencies {
  db: DatabaseAccess;
  config: Config;
}

const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  roles: row.roles,
  active: row.active,
});

const ownScope = (actor: Actor) =>
  organizationScopeOf(actor, 'Only contacts of an organization have contacts');

const emailTaken = (path: string) =>
  new AppError('conflict', 'Someone already has an account with this email', [
    { path, message: 'already has an account' },
  ]);

/**
 * Who holds an email, as far as a contact may learn: someone of their own organization (they list
 * their own contacts), or someone elsewhere (another organization, staff), which must not show
 * (docs/decisions/007-email-privacy.md). Only the privileged path sees every user: asked before the
 * scoped transaction, never on a second connection inside it; the unique index still answers a race.
 */
export const findEmailHolder = async (
  db: DatabaseAccess,
  organizationId: string,
  email: string,
  exceptUserId?: string,
): Promise<'nobody' | 'own organization' | 'elsewhere'> => {
  const holder = await unsafeFindEmailHolder(privileged(db), email, exceptUserId);
  if (!holder) return 'nobody';
  return holder.organizationId === organizationId ? 'own organization' : 'elsewhere';
};

/**
 * An add whose email someone elsewhere holds: answered as an add would be, nothing created; staff
 * see the attempt in the audit log.
 */
const answerAsAdded = async (
  executor: ScopedExecutor,
  actor: Actor,
  organizationId: string,
  person: NewPerson,
  role: AssignableContactRole,
  context: RequestContext,
): Promise<Contact> => {
  await recordAudit(executor, {
    action: 'contact.add_refused',
    actorUserId: actor.userId,
    organizationId,
    details: { role, reason: 'email_held_elsewhere' },
    ipAddress: context.ipAddress,
    requestId: context.requestId,
  });
  return {
    id: randomUUID(),
    name: person.name,
    email: person.email,
    phone: person.phone ?? null,
    roles: [role],
    active: true,
  };
};

/** Locks the organization for the rest of the transaction; its contacts change one change at a time. */
export const lockOwnOrganization = async (executor: ScopedExecutor, organizationId: string) => {
  const organization = await lockOrganization(executor, organizationId);
  if (!organization) throw notFound('The organization');
  return organization;
};

/** A confirmation to the person a change concerns (to each address when the email changed). */
export const queueContactChangeEmail = (
  executor: ScopedExecutor,
  organizationId: string,
  to: string[],
  name: string,
  change: string,
) =>
  queueEmail(executor, {
    kind: 'contact_change',
    organizationId,
    to,
    ...contactChangeEmail({ recipientName: name, change }),
  });

/** The organization's seats by the domain's one definition (under the organization's lock when changing). */
export const technicalSeats = async (executor: ScopedExecutor, organizationId: string): Promise<SeatUse> => {
  const { tier, contacts } = await findSeatFacts(executor, organizationId);
  return seatUse(tier, contacts);
};

/**
 * Creates a contact with one role and invites them into the portal of that role, in the caller's
 * transaction (which holds the organization's lock). Checks neither the email (the caller did) nor
 * the allowance.
 */
export const createInvitedContact = async (
  deps: ContactDependencies,
  executor: ScopedExecutor,
  organizationId: string,
  person: NewPerson,
  role: AssignableContactRole,
) => {
  const id = await insertContact(executor, organizationId, person, [role]);
  await queuePasswordLink(
    deps,
    executor,
    { id, organizationId, name: person.name, email: person.email },
    'invitation',
    role === 'technical' ? 'support' : 'subscriber',
  );
  return id;
};

export const listContacts = async (db: DatabaseAccess, actor: Actor): Promise<ContactList> => {
  const scope = ownScope(actor);
  assertCan(actor, 'contact:read:org', { organizationId: scope.organizationId });
  const [rows, seats] = await withScope(
    db,
    scope,
    async (tx) =>
      [
        await listCurrentContacts(tx, scope.organizationId),
        await technicalSeats(tx, scope.organizationId),
      ] as const,
  );
  return { items: rows.map(toContact), seats };
};

/** Who a contact may copy on a ticket: the organization's other current contacts, by name only. */
export const listColleagues = async (db: DatabaseAccess, actor: Actor): Promise<ColleagueList> => {
  const scope = ownScope(actor);
  // Asked for a ticket the caller is about to open, and so owns.
  assertCan(actor, 'ticket:write:own', { organizationId: scope.organizationId, ownerUserId: actor.userId });
  const rows = await withScope(db, scope, (tx) => listCurrentContacts(tx, scope.organizationId));
  return {
    items: rows.filter((row) => row.id !== actor.userId).map((row) => ({ id: row.id, name: row.name })),
  };
};

const findContactOrFail = async (executor: ScopedExecutor, organizationId: string, contactId: string) => {
  const contact = await findCurrentContactForUpdate(executor, organizationId, contactId);
  if (!contact) throw notFound('The contact');
  return contact;
};

/**
 * The main contact adds a technical or the administrative contact. Technical contacts fit within
 * the tier's named accounts only; beyond that the main contact asks staff (a contact request).
 */
export const addContact = async (
  deps: ContactDependencies,
  actor: Actor,
  request: AddContactRequest,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<Contact> => {
  const scope = ownScope(actor);
  const { organizationId } = scope;
  assertCan(actor, 'contact:manage:org', { organizationId });
  const holder = await findEmailHolder(deps.db, organizationId, request.email);
  return idempotently(deps.db, scope, idempotency, async (tx) => {
    await lockOwnOrganization(tx, organizationId);
    if (request.role === 'administrative') {
      if ((await findContactIdsWithRole(tx, organizationId, 'administrative')).length > 0) {
        throw new AppError(
          'conflict',
          'Your organization already has an administrative contact: replace it instead',
          [{ path: 'role', message: 'there is already an administrative contact' }],
        );
      }
    } else {
      const seats = await technicalSeats(tx, organizationId);
      if (needsAdditionalSeat(seats)) {
        throw new AppError(
          'conflict',
          `No named support account is free (${describeSeatUse(seats)}): request an additional technical contact`,
          [{ path: 'role', message: 'no technical seat left in your tier' }],
        );
      }
    }
    if (holder === 'own organization') throw emailTaken('email');
    if (holder === 'elsewhere') {
      return answerAsAdded(tx, actor, organizationId, request, request.role, context);
    }
    const contactId = await createInvitedContact(deps, tx, organizationId, request, request.role);
    await queueContactChangeEmail(
      tx,
      organizationId,
      [request.email],
      request.name,
      `You were added as the ${request.role} contact of your organization.`,
    );
    await contactChanged(tx, organizationId, contactId, 'added');
    await recordAudit(tx, {
      action: 'contact.added',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'user',
      targetId: contactId,
      details: { role: request.role },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return toContact(await findContactOrFail(tx, organizationId, contactId));
  });
};

/**
 * Takes a role from a contact; one left without any role is removed (sessions and tokens end).
 * Returns whether the contact was removed.
 */
const takeRole = async (
  executor: ScopedExecutor,
  organizationId: string,
  contact: ContactRow,
  role: 'administrative' | 'technical',
): Promise<boolean> => {
  await deleteContactRole(executor, organizationId, contact.id, role);
  if (contact.roles.some((held) => held !== role)) return false;
  await markContactRemoved(executor, organizationId, contact.id);
  return true;
};

/** A new person becomes the administrative contact; the previous one loses the role. */
export const replaceAdministrativeContact = async (
  deps: ContactDependencies,
  actor: Actor,
  request: ReplaceAdministrativeContactRequest,
  context: RequestContext,
): Promise<Contact> => {
  const scope = ownScope(actor);
  const { organizationId } = scope;
  assertCan(actor, 'contact:manage:org', { organizationId });
  const holder = await findEmailHolder(deps.db, organizationId, request.email);
  return withScope(deps.db, scope, async (tx) => {
    await lockOwnOrganization(tx, organizationId);
    if (holder === 'own organization') throw emailTaken('email');
    if (holder === 'elsewhere') {
      return answerAsAdded(tx, actor, organizationId, request, 'administrative', context);
    }
    const [previousId] = await findContactIdsWithRole(tx, organizationId, 'administrative');
    const previous = previousId ? await findContactOrFail(tx, organizationId, previousId) : undefined;
    let previousRemoved = false;
    if (previous) {
      previousRemoved = await takeRole(tx, organizationId, previous, 'administrative');
      await queueContactChangeEmail(
        tx,
        organizationId,
        [previous.email],
        previous.name,
        previousRemoved
          ? 'You are no longer the administrative contact of your organization, and your access has ended.'
          : 'You are no longer the administrative contact of your organization.',
      );
    }
    const contactId = await createInvitedContact(deps, tx, organizationId, request, 'administrative');
    await queueContactChangeEmail(
      tx,
      organizationId,
      [request.email],
      request.name,
      'You are now the administrative contact of your organization.',
    );
    await contactChanged(tx, organizationId, contactId, 'administrative_replaced');
    await recordAudit(tx, {
      action: 'contact.administrative_replaced',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'user',
      targetId: contactId,
      details: { previousContactId: previous?.id ?? null, previousRemoved },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return toContact(await findContactOrFail(tx, organizationId, contactId));
  });
};

/** Name, email and phone of any current contact of the organization. */
export const updateContact = async (
  db: DatabaseAccess,
  actor: Actor,
  contactId: string,
  request: UpdateContactRequest,
  context: RequestContext,
): Promise<Contact> => {
  const scope = ownScope(actor);
  const { organizationId } = scope;
  assertCan(actor, 'contact:manage:org', { organizationId });
  // Unchanged, the email is the contact's own (excepted): nobody else's.
  const requestedHolder = request.email
    ? await findEmailHolder(db, organizationId, request.email, contactId)
    : 'nobody';
  return withScope(db, scope, async (tx) => {
    const before = await findContactOrFail(tx, organizationId, contactId);
    const emailChanged =
      request.email !== undefined && request.email.toLowerCase() !== before.email.toLowerCase();
    const holder = emailChanged ? requestedHolder : 'nobody';
    if (holder === 'own organization') throw emailTaken('email');
    // An email held elsewhere is not taken, and the answer does not show it (as for an add).
    const keepsEmail = holder === 'elsewhere';
    if (keepsEmail) {
      await recordAudit(tx, {
        action: 'contact.email_change_refused',
        actorUserId: actor.userId,
        organizationId,
        targetType: 'user',
        targetId: contactId,
        details: { reason: 'email_held_elsewhere' },
        ipAddress: context.ipAddress,
        requestId: context.requestId,
      });
    }
    const changes = {
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.email !== undefined && !keepsEmail ? { email: request.email } : {}),
      ...(request.phone !== undefined ? { phone: request.phone } : {}),
    };
    await updateContactDetails(tx, organizationId, contactId, changes);
    const after = await findContactOrFail(tx, organizationId, contactId);
    const changed = (['name', 'email', 'phone'] as const).filter((field) => before[field] !== after[field]);
    if (changed.length > 0) {
      await queueContactChangeEmail(
        tx,
        organizationId,
        before.email !== after.email ? [before.email, after.email] : [after.email],
        after.name,
        `Your contact details were updated (${changed.join(', ')}).`,
      );
      await contactChanged(tx, organizationId, contactId, 'updated');
      await recordAudit(tx, {
        action: 'contact.updated',
        actorUserId: actor.userId,
        organizationId,
        targetType: 'user',
        targetId: contactId,
        details: { fields: changed },
        ipAddress: context.ipAddress,
        requestId: context.requestId,
      });
    }
    return keepsEmail && request.email ? { ...toContact(after), email: request.email } : toContact(after);
  });
};

/** Removes a contact at once; the main contact hands the role over first. History stays. */
export const removeContact = async (
  db: DatabaseAccess,
  actor: Actor,
  contactId: string,
  context: RequestContext,
): Promise<void> => {
  const scope = ownScope(actor);
  const { organizationId } = scope;
  assertCan(actor, 'contact:manage:org', { organizationId });
  await withScope(db, scope, async (tx) => {
    await lockOwnOrganization(tx, organizationId);
    const contact = await findContactOrFail(tx, organizationId, contactId);
    if (contact.roles.includes('main')) {
      throw new AppError(
        'conflict',
        'The main contact cannot be removed: hand the main contact role over first',
      );
    }
    await markContactRemoved(tx, organizationId, contactId);
    await queueContactChangeEmail(
      tx,
      organizationId,
      [contact.email],
      contact.name,
      'You were removed as a contact of your organization; your access has ended.',
    );
    await contactChanged(tx, organizationId, contactId, 'removed');
    await recordAudit(tx, {
      action: 'contact.removed',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'user',
      targetId: contactId,
      details: { roles: contact.roles },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
  });
};
