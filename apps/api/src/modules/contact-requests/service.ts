import {
  type Actor,
  assertCan,
  type ContactRequest,
  type ContactRequestCounts,
  type ContactRequestPage,
  type CreateContactRequestRequest,
  contactRequestDeciderRoles,
  needsAdditionalSeat,
  type PageQuery,
  type StaffContactRequestPage,
  type StaffContactRequestQuery,
  seatUse,
} from '@portals/domain';
import {
  type DatabaseAccess,
  organizationScopeOf,
  privileged,
  type ScopedExecutor,
  scopeOf,
  withScope,
} from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type IdempotencyClaim, idempotently } from '../../lib/idempotency';
import type { RequestContext } from '../../lib/request-context';
import { findUserById } from '../auth/repository';
import {
  deleteContactRole,
  findContactIdsWithRole,
  findCurrentContactForUpdate,
  insertContactRole,
  isEmailTakenInStaffScope,
  unsafeFindHeldEmails,
} from '../contacts/repository';
import {
  type ContactDependencies,
  createInvitedContact,
  findEmailHolder,
  lockOwnOrganization,
  queueContactChangeEmail,
  technicalSeats,
} from '../contacts/service';
import { queueEmail } from '../email/outbox';
import { contactRequestDecidedEmail } from '../email/templates/contact-request-decided';
import { contactRequestReceivedEmail } from '../email/templates/contact-request-received';
import { portalUrl } from '../email/templates/layout';
import { recordWebhookEvent } from '../webhooks/record-event';
import {
  type ContactRequestRow,
  countPendingContactRequests,
  findContactRequestForUpdate,
  insertContactRequest,
  listContactRequestsOfAnyOrganization,
  listContactRequestsOfOrganization,
  markContactRequestDecided,
  unsafeListActiveStaffWithRoles,
} from './repository';

type ListedRow = Omit<ContactRequestRow, 'decidedByUserId'>;

const toContactRequest = (row: ListedRow): ContactRequest => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  requestedByUserId: row.requestedByUserId,
  name: row.name,
  email: row.email,
  phone: row.phone,
  targetUserId: row.targetUserId,
  reason: row.reason,
  decidedAt: row.decidedAt?.toISOString() ?? null,
  declineReason: row.declineReason,
  createdContactId: row.createdContactId,
  createdAt: row.createdAt.toISOString(),
});

const ownScope = (actor: Actor) =>
  organizationScopeOf(actor, 'Only contacts of an organization make requests');

/** The main contact asks staff for another technical contact, or to hand the main role over. */
export const createContactRequest = async (
  deps: ContactDependencies,
  actor: Actor,
  request: CreateContactRequestRequest,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<ContactRequest> => {
  const scope = ownScope(actor);
  const { organizationId } = scope;
  assertCan(actor, 'contact_request:create:org', { organizationId });
  // Only a contact of the caller's own organization is named; an email held elsewhere shows to the
  // staff member deciding, who cannot approve it (docs/decisions/007-email-privacy.md). Asked before
  // the scoped transaction: only the privileged path sees every user.
  if (
    request.kind === 'technical_contact' &&
    (await findEmailHolder(deps.db, organizationId, request.email)) === 'own organization'
  ) {
    throw new AppError('conflict', 'Someone already has an account with this email', [
      { path: 'email', message: 'already has an account' },
    ]);
  }
  // Whom to tell: the staff who decide, read on the privileged path (a contact's scope sees no staff).
  const deciders = await unsafeListActiveStaffWithRoles(privileged(deps.db), contactRequestDeciderRoles);
  return idempotently(deps.db, scope, idempotency, async (tx) => {
    const organization = await lockOwnOrganization(tx, organizationId);
    if (request.kind === 'main_contact_handover') {
      const target = await findCurrentContactForUpdate(tx, organizationId, request.targetUserId);
      if (!target || target.roles.includes('main')) {
        throw new AppError('validation_failed', 'The new main contact must be another contact of yours', [
          {
            path: 'targetUserId',
            message: target ? 'is already the main contact' : 'is not a contact of your organization',
          },
        ]);
      }
    }
    const row = await insertContactRequest(tx, {
      organizationId,
      kind: request.kind,
      requestedByUserId: actor.userId,
      reason: request.reason ?? null,
      ...(request.kind === 'technical_contact'
        ? { name: request.name, email: request.email, phone: request.phone ?? null }
        : { targetUserId: request.targetUserId }),
    });
    await recordAudit(tx, {
      action: 'contact_request.created',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'contact_request',
      targetId: row.id,
      details: { kind: row.kind },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    const seats = await technicalSeats(tx, organizationId);
    const queueUrl = portalUrl(deps.config.publicUrl, 'subscriber', 'back-office/contact-requests');
    for (const decider of deciders) {
      await queueEmail(tx, {
        kind: 'contact_request_received',
        organizationId,
        to: [decider.email],
        ...contactRequestReceivedEmail({
          recipientName: decider.name,
          organizationName: organization.name,
          request: row,
          seats,
          queueUrl,
        }),
      });
    }
    return toContactRequest(row);
  });
};

export const listOwnContactRequests = async (
  db: DatabaseAccess,
  actor: Actor,
  page: PageQuery,
): Promise<ContactRequestPage> => {
  const scope = ownScope(actor);
  assertCan(actor, 'contact:read:org', { organizationId: scope.organizationId });
  const afterId = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await withScope(db, scope, (tx) =>
    listContactRequestsOfOrganization(tx, scope.organizationId, { limit: page.limit + 1, afterId }),
  );
  const items = rows.slice(0, page.limit).map(toContactRequest);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
};

/** Staff: requests across organizations, with what they need to decide. */
export const listContactRequestsForStaff = async (
  db: DatabaseAccess,
  actor: Actor,
  query: StaffContactRequestQuery,
): Promise<StaffContactRequestPage> => {
  assertCan(actor, 'contact_request:read:any');
  const afterId = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    listContactRequestsOfAnyOrganization(
      tx,
      { status: query.status, organizationId: query.organizationId },
      { limit: query.limit + 1, afterId },
    ),
  );
  const pendingEmails = rows.flatMap((row) => (row.status === 'pending' && row.email ? [row.email] : []));
  const heldEmails = await unsafeFindHeldEmails(privileged(db), pendingEmails);
  const items = rows.slice(0, query.limit).map((row) => {
    const seats = seatUse(row.tier, row.seatHolders);
    return {
      ...toContactRequest(row),
      organization: { id: row.organizationId, name: row.organizationName, tier: row.tier, seats },
      exceedsAllowance: row.kind === 'technical_contact' && needsAdditionalSeat(seats),
      emailInUse: row.status === 'pending' && !!row.email && heldEmails.has(row.email.toLowerCase()),
    };
  });
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
};

/** Staff: how many requests wait for a decision (the navigation shows it). */
export const countContactRequestsForStaff = async (
  db: DatabaseAccess,
  actor: Actor,
): Promise<ContactRequestCounts> => {
  assertCan(actor, 'contact_request:read:any');
  return { pending: await withScope(db, scopeOf(actor), (tx) => countPendingContactRequests(tx)) };
};

const findPendingRequest = async (executor: ScopedExecutor, requestId: string) => {
  const request = await findContactRequestForUpdate(executor, requestId);
  if (!request) throw notFound('The contact request');
  if (request.status !== 'pending') {
    throw new AppError('conflict', `This request was already ${request.status}`);
  }
  return request;
};

const notifyRequester = async (executor: ScopedExecutor, request: ContactRequestRow) => {
  await recordWebhookEvent(executor, {
    organizationId: request.organizationId,
    type: 'contact_request.decided',
    audience: 'organization',
    data: { contactRequest: toContactRequest(request) },
  });
  const requester = await findUserById(executor, request.requestedByUserId);
  if (!requester) return;
  await queueEmail(executor, {
    kind: 'contact_request_decided',
    organizationId: request.organizationId,
    to: [requester.email],
    ...contactRequestDecidedEmail({ recipientName: requester.name, request }),
  });
};

/**
 * The handover: the target gets the main role and the previous main contact loses it, in one
 * transaction (the organization never has zero main contacts). The previous main contact keeps
 * a technical role when they hold no other, so they are not locked out.
 */
const handOverMainRole = async (
  executor: ScopedExecutor,
  organizationId: string,
  targetUserId: string,
): Promise<{ previousMainId: string | undefined }> => {
  const target = await findCurrentContactForUpdate(executor, organizationId, targetUserId);
  if (!target) {
    throw new AppError('conflict', 'The proposed main contact is no longer a contact of the organization');
  }
  if (target.roles.includes('main')) return { previousMainId: undefined };
  const [previousMainId] = await findContactIdsWithRole(executor, organizationId, 'main');
  if (previousMainId) {
    const previous = await findCurrentContactForUpdate(executor, organizationId, previousMainId);
    await deleteContactRole(executor, organizationId, previousMainId, 'main');
    if (previous && previous.roles.length === 1) {
      await insertContactRole(executor, organizationId, previousMainId, 'technical');
    }
    if (previous) {
      await queueContactChangeEmail(
        executor,
        organizationId,
        [previous.email],
        previous.name,
        `${target.name} is now the main contact of your organization; you are no longer.`,
      );
    }
  }
  await insertContactRole(executor, organizationId, target.id, 'main');
  await queueContactChangeEmail(
    executor,
    organizationId,
    [target.email],
    target.name,
    'You are now the main contact of your organization.',
  );
  return { previousMainId };
};

/** Staff approve: the technical contact is created (even beyond the allowance) or the main role moves. */
export const approveContactRequest = async (
  deps: ContactDependencies,
  actor: Actor,
  requestId: string,
  context: RequestContext,
): Promise<ContactRequest> => {
  assertCan(actor, 'contact_request:decide:any');
  return withScope(deps.db, scopeOf(actor), async (tx) => {
    const request = await findPendingRequest(tx, requestId);
    const { organizationId } = request;
    await lockOwnOrganization(tx, organizationId);
    let createdContactId: string | undefined;
    if (request.kind === 'technical_contact') {
      if (!request.name || !request.email) throw new Error('technical contact request without a person');
      // The staff scope sees every user.
      if (await isEmailTakenInStaffScope(tx, request.email)) {
        throw new AppError(
          'conflict',
          'This email already belongs to an account (of another organization or staff): decline the request',
        );
      }
      createdContactId = await createInvitedContact(
        deps,
        tx,
        organizationId,
        { name: request.name, email: request.email, ...(request.phone ? { phone: request.phone } : {}) },
        'technical',
      );
      await recordAudit(tx, {
        action: 'contact.added',
        actorUserId: actor.userId,
        organizationId,
        targetType: 'user',
        targetId: createdContactId,
        details: { role: 'technical', contactRequestId: request.id },
        ipAddress: context.ipAddress,
        requestId: context.requestId,
      });
    } else {
      if (!request.targetUserId) throw new Error('handover request without a target');
      const { previousMainId } = await handOverMainRole(tx, organizationId, request.targetUserId);
      await recordAudit(tx, {
        action: 'contact.main_handed_over',
        actorUserId: actor.userId,
        organizationId,
        targetType: 'user',
        targetId: request.targetUserId,
        details: { previousMainContactId: previousMainId ?? null, contactRequestId: request.id },
        ipAddress: context.ipAddress,
        requestId: context.requestId,
      });
    }
    const decided = await markContactRequestDecided(tx, organizationId, request.id, {
      status: 'approved',
      decidedByUserId: actor.userId,
      ...(createdContactId ? { createdContactId } : {}),
    });
    await notifyRequester(tx, decided);
    await recordAudit(tx, {
      action: 'contact_request.approved',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'contact_request',
      targetId: request.id,
      details: { kind: request.kind, createdContactId: createdContactId ?? null },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return toContactRequest(decided);
  });
};

export const declineContactRequest = async (
  db: DatabaseAccess,
  actor: Actor,
  requestId: string,
  reason: string,
  context: RequestContext,
): Promise<ContactRequest> => {
  assertCan(actor, 'contact_request:decide:any');
  return withScope(db, scopeOf(actor), async (tx) => {
    const request = await findPendingRequest(tx, requestId);
    const decided = await markContactRequestDecided(tx, request.organizationId, request.id, {
      status: 'declined',
      decidedByUserId: actor.userId,
      declineReason: reason,
    });
    await notifyRequester(tx, decided);
    await recordAudit(tx, {
      action: 'contact_request.declined',
      actorUserId: actor.userId,
      organizationId: request.organizationId,
      targetType: 'contact_request',
      targetId: request.id,
      details: { kind: request.kind, reason },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return toContactRequest(decided);
  });
};
