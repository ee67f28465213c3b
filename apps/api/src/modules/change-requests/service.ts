import {
  type Actor,
  assertCan,
  type ChangeRequest,
  type ChangeRequestAction,
  type ChangeRequestPage,
  type CreateChangeRequestRequest,
  canChangeRequestTransition,
  changeRequestDeciderRoles,
  changeRequestStatuses,
  higherPartnerLevels,
  type OrderFormRequest,
  type PageQuery,
  type PartnerLevel,
  type PricedChange,
  partnerLevels,
  priceLists,
  prorateMinor,
  type RegisterEndUserRequest,
  type RequestPartnerLevelUpgradeRequest,
  type StaffChangeRequestPage,
  type StaffChangeRequestQuery,
  termRemaining,
  yearlyDifferenceMinor,
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
import { existingProductIds } from '../alerts/repository';
import { findUserById } from '../auth/repository';
import { unsafeListActiveStaffWithRoles } from '../contact-requests/repository';
import { findEmailHolder } from '../contacts/service';
import { queueEmail } from '../email/outbox';
import {
  changeRequestDecidedEmail,
  changeRequestReceivedEmail,
  describeChangeRequest,
} from '../email/templates/change-request-decided';
import { portalUrl } from '../email/templates/layout';
import { insertDraftInvoice } from '../invoices/repository';
import { dayOf } from '../invoices/service';
import { findTakenEmails } from '../order-forms/repository';
import { processOrderFormIn } from '../order-forms/service';
import { findSubscriptionForUpdate, updateSubscription } from '../subscriptions/repository';
import { recordWebhookEvent } from '../webhooks/record-event';
import {
  type ChangeRequestView,
  countChangeRequestsByStatus,
  findChangeRequestForUpdate,
  findChangeRequestView,
  findOrganizationForUpdate,
  findOrganizationPartnerLevel,
  insertChangeRequest,
  insertSubscriptionService,
  listChangeRequestsOfAnyOrganization,
  listChangeRequestsOfOrganization,
  listOpenChangeRequestsOfKind,
  type NewChangeRequest,
  subscriptionHasService,
  updateChangeRequest,
  updatePartnerLevel,
} from './repository';

export interface ChangeRequestDependencies {
  db: DatabaseAccess;
  config: { publicUrl: string };
  /** The app's clock: what "today" is for the pro-ration. */
  now: Date;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** The contract's view; the draft invoice's id only for staff (a contact never sees drafts). */
const toChangeRequest = (row: ChangeRequestView, staff: boolean): ChangeRequest => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  organization: { id: row.organization_id, name: row.organization_name },
  subscription:
    row.subscription_id && row.subscription_tier && row.subscription_servers !== null
      ? { id: row.subscription_id, tier: row.subscription_tier, servers: row.subscription_servers }
      : null,
  servers: row.servers,
  product: row.product_id ? { id: row.product_id, name: row.product_name ?? '' } : null,
  tier: row.tier,
  fromTier: row.from_tier,
  endUser:
    row.end_user_name !== null
      ? {
          name: row.end_user_name,
          mainContact: { name: row.end_user_contact_name ?? '', email: row.end_user_contact_email ?? '' },
          organizationId: row.end_user_organization_id,
        }
      : null,
  emailInUse: staff && row.email_in_use,
  partnerLevel: row.partner_level,
  fromPartnerLevel: row.from_partner_level,
  note: row.note,
  requestedBy: { id: row.requested_by_user_id, name: row.requested_by_name ?? 'A former contact' },
  createdAt: iso(row.created_at) ?? '',
  reviewedBy: row.reviewed_by_user_id
    ? { id: row.reviewed_by_user_id, name: row.reviewed_by_name ?? 'Staff' }
    : null,
  reviewStartedAt: iso(row.review_started_at),
  decidedBy: row.decided_by_user_id
    ? { id: row.decided_by_user_id, name: row.decided_by_name ?? 'Staff' }
    : null,
  decidedAt: iso(row.decided_at),
  declineReason: row.decline_reason,
  appliedAt: iso(row.applied_at),
  proratedMinor: row.prorated_minor === null ? null : Number(row.prorated_minor),
  currency: row.currency,
  invoiceId: staff ? row.invoice_id : null,
});

const readView = async (tx: ScopedExecutor, requestId: string, staff: boolean) => {
  const row = await findChangeRequestView(tx, requestId);
  if (!row) throw notFound('The change request');
  return toChangeRequest(row, staff);
};

const ownScope = (actor: Actor) =>
  organizationScopeOf(actor, "Only an organization's main and administrative contacts notify changes");

/** A main or administrative contact notifies a change for one of their organization's subscriptions. */
export const createChangeRequest = async (
  deps: Omit<ChangeRequestDependencies, 'now'>,
  actor: Actor,
  subscriptionId: string,
  request: CreateChangeRequestRequest,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<ChangeRequest> => {
  const scope = ownScope(actor);
  const { organizationId } = scope;
  assertCan(actor, 'change_request:create:org', { organizationId });
  // Whom to tell: the staff who decide, read on the privileged path (a contact's scope sees no staff).
  const deciders = await unsafeListActiveStaffWithRoles(privileged(deps.db), changeRequestDeciderRoles);
  return idempotently(deps.db, scope, idempotency, async (tx) => {
    // The scope shows only the organization's subscriptions: another's id is not found.
    const subscription = await findSubscriptionForUpdate(tx, subscriptionId);
    if (!subscription || subscription.organizationId !== organizationId) throw notFound('The subscription');
    if (subscription.status !== 'active') {
      throw new AppError(
        'conflict',
        `This subscription is ${subscription.status}: only an active one changes`,
      );
    }
    if (request.kind === 'tier_change' && request.tier === subscription.tier) {
      throw new AppError('validation_failed', `The subscription is already at the ${request.tier} tier`, [
        { path: 'tier', message: 'must differ from the current tier' },
      ]);
    }
    if (request.kind === 'additional_service') {
      if ((await existingProductIds(tx, [request.productId])).length === 0) {
        throw new AppError('invalid_reference', "Choose a service from the vendor's catalogue", [
          { path: 'productId', message: 'No such product' },
        ]);
      }
      if (await subscriptionHasService(tx, subscriptionId, request.productId)) {
        throw new AppError('conflict', 'The subscription already includes this service');
      }
    }
    const { id } = await insertChangeRequest(tx, {
      organizationId,
      subscriptionId,
      kind: request.kind,
      requestedByUserId: actor.userId,
      note: request.note ? request.note : null,
      ...(request.kind === 'additional_servers' ? { servers: request.servers } : {}),
      ...(request.kind === 'additional_service' ? { productId: request.productId } : {}),
      ...(request.kind === 'tier_change' ? { tier: request.tier, fromTier: subscription.tier } : {}),
    });
    return recordSubmitted(
      tx,
      deps,
      actor,
      { organizationId, id, details: { kind: request.kind, subscriptionId } },
      deciders,
      context,
    );
  });
};

/**
 * What every submitted request gets, whatever its kind, in its transaction: the audit entry, and an
 * email to each staff member who decides. Returns the request as its requester reads it.
 */
const recordSubmitted = async (
  tx: ScopedExecutor,
  deps: { config: { publicUrl: string } },
  actor: Actor,
  submitted: { organizationId: string; id: string; details: Record<string, unknown> },
  deciders: readonly { email: string; name: string }[],
  context: RequestContext,
): Promise<ChangeRequest> => {
  const { organizationId, id, details } = submitted;
  await recordAudit(tx, {
    action: 'change_request.submitted',
    actorUserId: actor.userId,
    organizationId,
    targetType: 'change_request',
    targetId: id,
    details,
    ipAddress: context.ipAddress,
    requestId: context.requestId,
  });
  const created = await readView(tx, id, false);
  const inboxUrl = portalUrl(deps.config.publicUrl, 'subscriber', 'back-office/change-requests');
  for (const decider of deciders) {
    await queueEmail(tx, {
      kind: 'change_request_received',
      organizationId,
      to: [decider.email],
      ...changeRequestReceivedEmail({ recipientName: decider.name, request: created, inboxUrl }),
    });
  }
  return created;
};

const partnerScope = (actor: Actor) =>
  organizationScopeOf(
    actor,
    "Only a partner organization's contacts register end users or ask for a partner level",
  );

const notPartner = () =>
  new AppError(
    'forbidden',
    'Your organization is not a partner: only partners register end users and ask for a partner level',
  );

/**
 * A partner's request is recorded as every change request is: submitted, audited, and the staff who
 * decide are emailed (decision 037).
 */
const submitPartnerRequest = async (
  deps: { db: DatabaseAccess; config: { publicUrl: string } },
  actor: Actor,
  organizationId: string,
  prepare: (
    tx: ScopedExecutor,
    partnerLevel: PartnerLevel,
  ) => Promise<Omit<NewChangeRequest, 'organizationId' | 'requestedByUserId'>>,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<ChangeRequest> => {
  const scope = partnerScope(actor);
  const deciders = await unsafeListActiveStaffWithRoles(privileged(deps.db), changeRequestDeciderRoles);
  return idempotently(deps.db, scope, idempotency, async (tx) => {
    const organization = await findOrganizationPartnerLevel(tx, organizationId);
    if (organization?.kind !== 'partner' || !organization.partnerLevel) throw notPartner();
    const values = await prepare(tx, organization.partnerLevel);
    const { id } = await insertChangeRequest(tx, {
      ...values,
      organizationId,
      requestedByUserId: actor.userId,
    });
    return recordSubmitted(
      tx,
      deps,
      actor,
      { organizationId, id, details: { kind: values.kind } },
      deciders,
      context,
    );
  });
};

/**
 * A partner's main or administrative contact registers an end user. What its Order Form would refuse
 * is refused now where the partner may learn it: an email of someone of its own organization, or one a
 * registration waiting for staff already names. An email held elsewhere is not told (decision 007):
 * staff see the clash when they approve (409) and decline with the reason.
 */
export const registerEndUser = async (
  deps: { db: DatabaseAccess; config: { publicUrl: string } },
  actor: Actor,
  request: RegisterEndUserRequest,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<ChangeRequest> => {
  const { organizationId } = partnerScope(actor);
  assertCan(actor, 'end_user:register:org', { organizationId });
  const email = request.mainContact.email;
  // Read on the privileged path before the scoped transaction; told only once the caller is a partner.
  const holder = await findEmailHolder(deps.db, organizationId, email);
  return submitPartnerRequest(
    deps,
    actor,
    organizationId,
    async (tx) => {
      if (holder === 'own organization') {
        throw new AppError(
          'conflict',
          "Someone of your organization has an account with this email: the end user's main contact needs their own",
          [{ path: 'mainContact.email', message: 'already has an account in your organization' }],
        );
      }
      const open = await listOpenChangeRequestsOfKind(tx, organizationId, 'end_user_registration');
      if (open.some((row) => row.endUserContactEmail?.toLowerCase() === email.toLowerCase())) {
        throw new AppError('conflict', 'A registration waiting for staff already names this email', [
          { path: 'mainContact.email', message: 'already named by a registration waiting for staff' },
        ]);
      }
      return {
        kind: 'end_user_registration',
        subscriptionId: null,
        endUserName: request.organizationName,
        endUserContactName: request.mainContact.name,
        endUserContactEmail: email,
        tier: request.tier,
        servers: request.servers,
        currency: request.currency,
        note: request.note ? request.note : null,
      };
    },
    context,
    idempotency,
  );
};

/** A partner's main contact asks for a higher partner level, with a justification. */
export const requestPartnerLevelUpgrade = async (
  deps: { db: DatabaseAccess; config: { publicUrl: string } },
  actor: Actor,
  request: RequestPartnerLevelUpgradeRequest,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<ChangeRequest> => {
  const { organizationId } = partnerScope(actor);
  assertCan(actor, 'partner_level:request:org', { organizationId });
  return submitPartnerRequest(
    deps,
    actor,
    organizationId,
    async (tx, current) => {
      if (!higherPartnerLevels(current).includes(request.partnerLevel)) {
        throw new AppError(
          'validation_failed',
          `Your organization is a ${current} partner: ask for a higher level`,
          [{ path: 'partnerLevel', message: `must be above ${current}` }],
        );
      }
      if ((await listOpenChangeRequestsOfKind(tx, organizationId, 'partner_level_upgrade')).length > 0) {
        throw new AppError(
          'conflict',
          'A partner level upgrade of your organization is already waiting for staff',
        );
      }
      return {
        kind: 'partner_level_upgrade',
        subscriptionId: null,
        partnerLevel: request.partnerLevel,
        fromPartnerLevel: current,
        note: request.justification,
      };
    },
    context,
    idempotency,
  );
};

export const listOwnChangeRequests = async (
  db: DatabaseAccess,
  actor: Actor,
  page: PageQuery,
): Promise<ChangeRequestPage> => {
  const scope = ownScope(actor);
  assertCan(actor, 'change_request:read:org', { organizationId: scope.organizationId });
  const afterId = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await withScope(db, scope, (tx) =>
    listChangeRequestsOfOrganization(tx, scope.organizationId, { limit: page.limit + 1, afterId }),
  );
  const items = rows.slice(0, page.limit).map((row) => toChangeRequest(row, false));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
};

/** One of the organization's requests; another organization's id is not found (row-level security). */
export const getOwnChangeRequest = async (
  db: DatabaseAccess,
  actor: Actor,
  requestId: string,
): Promise<ChangeRequest> => {
  const scope = ownScope(actor);
  assertCan(actor, 'change_request:read:org', { organizationId: scope.organizationId });
  return withScope(db, scope, (tx) => readView(tx, requestId, false));
};

/** Staff: the inbox, with the count per state for the same kind and organization. */
export const listChangeRequestsForStaff = async (
  db: DatabaseAccess,
  actor: Actor,
  query: StaffChangeRequestQuery,
): Promise<StaffChangeRequestPage> => {
  assertCan(actor, 'change_request:read:any');
  const afterId = query.cursor ? decodeCursor(query.cursor) : undefined;
  const filter = { kind: query.kind, organizationId: query.organizationId };
  const [rows, counted] = await withScope(db, scopeOf(actor), async (tx) => [
    await listChangeRequestsOfAnyOrganization(
      tx,
      { ...filter, status: query.status },
      { limit: query.limit + 1, afterId },
    ),
    await countChangeRequestsByStatus(tx, filter),
  ]);
  const items = rows.slice(0, query.limit).map((row) => toChangeRequest(row, true));
  const last = items.at(-1);
  const counts = Object.fromEntries(
    changeRequestStatuses.map((status) => [status, counted.find((row) => row.status === status)?.count ?? 0]),
  ) as StaffChangeRequestPage['counts'];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null, counts };
};

const actionNames: Record<ChangeRequestAction, string> = {
  start_review: 'taken into review',
  approve: 'approved',
  decline: 'declined',
};

/** Locks the request and checks the state machine: anything but a legal transition is a 409. */
const lockFor = async (tx: ScopedExecutor, requestId: string, action: ChangeRequestAction) => {
  const request = await findChangeRequestForUpdate(tx, requestId);
  if (!request) throw notFound('The change request');
  if (!canChangeRequestTransition(request.status, action)) {
    throw new AppError(
      'invalid_transition',
      `This request is ${request.status.replace('_', ' ')}: it cannot be ${actionNames[action]}`,
    );
  }
  return request;
};

const requireDecider = (actor: Actor) => {
  if (actor.kind !== 'staff') {
    throw new AppError('forbidden', 'Change requests are decided by account managers and administrators');
  }
  assertCan(actor, 'change_request:decide:any');
};

export const startChangeRequestReview = async (
  db: DatabaseAccess,
  actor: Actor,
  requestId: string,
  context: RequestContext,
): Promise<ChangeRequest> => {
  requireDecider(actor);
  return withScope(db, scopeOf(actor), async (tx) => {
    const request = await lockFor(tx, requestId, 'start_review');
    await updateChangeRequest(tx, request.organizationId, request.id, {
      status: 'in_review',
      reviewedByUserId: actor.userId,
      reviewStartedAt: new Date(),
    });
    await recordAudit(tx, {
      action: 'change_request.review_started',
      actorUserId: actor.userId,
      organizationId: request.organizationId,
      targetType: 'change_request',
      targetId: request.id,
      details: { kind: request.kind },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return readView(tx, request.id, true);
  });
};

const notifyRequester = async (
  tx: ScopedExecutor,
  publicUrl: string,
  request: ChangeRequest,
): Promise<void> => {
  await recordWebhookEvent(tx, {
    organizationId: request.organization.id,
    type: 'change_request.decided',
    audience: 'billing',
    // As the organization's contacts read it (the staff view names the draft invoice).
    data: { changeRequest: await readView(tx, request.id, false) },
  });
  const requester = await findUserById(tx, request.requestedBy.id);
  if (!requester) return;
  await queueEmail(tx, {
    kind: 'change_request_decided',
    organizationId: request.organization.id,
    to: [requester.email],
    ...changeRequestDecidedEmail({
      recipientName: requester.name,
      request,
      requestsUrl: portalUrl(publicUrl, 'subscriber', 'change-requests'),
    }),
  });
};

/**
 * Staff approve: in one transaction the subscription changes (servers, a service, the tier: contacts'
 * new access tokens carry it), a draft invoice for the pro-rated difference is made through the invoices'
 * repository for billing staff to issue, the request becomes applied, and its requester is emailed.
 */
export const approveChangeRequest = async (
  deps: ChangeRequestDependencies,
  actor: Actor,
  requestId: string,
  context: RequestContext,
): Promise<ChangeRequest> => {
  requireDecider(actor);
  return withScope(deps.db, scopeOf(actor), async (tx) => {
    const request = await lockFor(tx, requestId, 'approve');
    if (request.kind === 'end_user_registration') {
      return applyEndUserRegistration(deps, tx, actor, request, context);
    }
    if (request.kind === 'partner_level_upgrade') {
      return applyPartnerLevelUpgrade(deps, tx, actor, request, context);
    }
    const { organizationId } = request;
    if (!request.subscriptionId) throw new Error('subscription change without a subscription');
    const subscription = await findSubscriptionForUpdate(tx, request.subscriptionId);
    if (!subscription) throw notFound('The subscription');
    if (subscription.status !== 'active') {
      throw new AppError(
        'conflict',
        `The subscription is ${subscription.status}: decline the request or reactivate the subscription first`,
      );
    }
    const today = dayOf(deps.now);
    const { daysLeft, daysInTerm } = termRemaining(subscription, today);
    if (daysLeft === 0) {
      throw new AppError(
        'conflict',
        `The subscription's term ended on ${subscription.termEnd}: renew it first`,
      );
    }
    const prices = priceLists[subscription.currency as keyof typeof priceLists];
    if (!prices) {
      throw new AppError(
        'conflict',
        `The price list has no prices in ${subscription.currency}: change the subscription and invoice it by hand`,
      );
    }
    let change: PricedChange;
    const before = { tier: subscription.tier, servers: subscription.servers };
    if (request.kind === 'additional_servers') {
      const servers = request.servers ?? 0;
      change = { kind: 'additional_servers', servers };
      if (subscription.servers + servers > 100_000) {
        throw new AppError('conflict', 'The subscription would pass 100,000 servers: decline the request');
      }
      await updateSubscription(tx, subscription.id, { servers: subscription.servers + servers });
    } else if (request.kind === 'tier_change') {
      if (!request.tier) throw new Error('tier change without a tier');
      if (request.tier === subscription.tier) {
        throw new AppError(
          'conflict',
          `The subscription is already at the ${request.tier} tier: decline the request`,
        );
      }
      change = { kind: 'tier_change', tier: request.tier };
      await updateSubscription(tx, subscription.id, { tier: request.tier });
    } else {
      if (!request.productId) throw new Error('service request without a product');
      change = { kind: 'additional_service' };
      const added = await insertSubscriptionService(tx, {
        subscriptionId: subscription.id,
        organizationId,
        productId: request.productId,
        changeRequestId: request.id,
      });
      if (!added)
        throw new AppError('conflict', 'The subscription already includes this service: decline the request');
    }
    const proratedMinor = prorateMinor(yearlyDifferenceMinor(prices, before, change), daysLeft, daysInTerm);
    let invoiceId: string | null = null;
    const view = await readView(tx, request.id, true);
    // A lower tier costs less: nothing is invoiced (a credit, if any, is billing staff's credit note).
    if (proratedMinor > 0) {
      const description = `${describeChangeRequest(view).replace(/^./, (first) => first.toUpperCase())}, pro-rated for ${daysLeft} of ${daysInTerm} days (${today} to ${subscription.termEnd})`;
      const draft = await insertDraftInvoice(tx, {
        organizationId,
        currency: subscription.currency as Parameters<typeof insertDraftInvoice>[1]['currency'],
        lines: [
          {
            description,
            productId: request.productId,
            quantity: 1,
            unitPriceMinor: proratedMinor,
            taxRateBasisPoints: prices.taxRateBasisPoints,
          },
        ],
        createdByUserId: actor.userId,
      });
      invoiceId = draft.id;
      await recordAudit(tx, {
        action: 'invoice.drafted',
        actorUserId: actor.userId,
        organizationId,
        targetType: 'invoice',
        targetId: draft.id,
        details: { currency: subscription.currency, lines: 1, changeRequestId: request.id },
        ipAddress: context.ipAddress,
        requestId: context.requestId,
      });
    }
    const decidedAt = new Date();
    await updateChangeRequest(tx, organizationId, request.id, {
      status: 'applied',
      decidedByUserId: actor.userId,
      decidedAt,
      appliedAt: decidedAt,
      proratedMinor: Math.max(0, proratedMinor),
      invoiceId,
    });
    const after = await findSubscriptionForUpdate(tx, subscription.id);
    await recordAudit(tx, {
      action: 'change_request.applied',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'change_request',
      targetId: request.id,
      details: {
        kind: request.kind,
        subscriptionId: subscription.id,
        before,
        after: { tier: after?.tier, servers: after?.servers },
        proratedMinor,
        daysLeft,
        daysInTerm,
        invoiceId,
      },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    const decided = await readView(tx, request.id, true);
    await notifyRequester(tx, deps.config.publicUrl, decided);
    return decided;
  });
};

export const declineChangeRequest = async (
  deps: Omit<ChangeRequestDependencies, 'now'>,
  actor: Actor,
  requestId: string,
  reason: string,
  context: RequestContext,
): Promise<ChangeRequest> => {
  requireDecider(actor);
  return withScope(deps.db, scopeOf(actor), async (tx) => {
    const request = await lockFor(tx, requestId, 'decline');
    await updateChangeRequest(tx, request.organizationId, request.id, {
      status: 'declined',
      decidedByUserId: actor.userId,
      decidedAt: new Date(),
      declineReason: reason,
    });
    await recordAudit(tx, {
      action: 'change_request.declined',
      actorUserId: actor.userId,
      organizationId: request.organizationId,
      targetType: 'change_request',
      targetId: request.id,
      details: { kind: request.kind, reason },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    const decided = await readView(tx, request.id, true);
    await notifyRequester(tx, deps.config.publicUrl, decided);
    return decided;
  });
};

type LockedRequest = Awaited<ReturnType<typeof lockFor>>;

/** The request applied: who decided and when, audited, and its requester emailed. */
const recordApplied = async (
  deps: Omit<ChangeRequestDependencies, 'now'>,
  tx: ScopedExecutor,
  actor: Actor,
  request: LockedRequest,
  change: Partial<NewChangeRequest>,
  details: Record<string, unknown>,
  context: RequestContext,
): Promise<ChangeRequest> => {
  const decidedAt = new Date();
  await updateChangeRequest(tx, request.organizationId, request.id, {
    ...change,
    status: 'applied',
    decidedByUserId: actor.userId,
    decidedAt,
    appliedAt: decidedAt,
  });
  await recordAudit(tx, {
    action: 'change_request.applied',
    actorUserId: actor.userId,
    organizationId: request.organizationId,
    targetType: 'change_request',
    targetId: request.id,
    details: { kind: request.kind, ...details },
    ipAddress: context.ipAddress,
    requestId: context.requestId,
  });
  const decided = await readView(tx, request.id, true);
  await notifyRequester(tx, deps.config.publicUrl, decided);
  return decided;
};

/** The first day after a year's term that starts on `day` (a 29 February starts one ending 1 March). */
const aYearAfter = (day: string): string => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + 1, month - 1, date)).toISOString().slice(0, 10);
};

/**
 * An approved registration is processed as its Order Form, by the Order Forms' own code in this
 * transaction: the end-user organization registered by the partner, its subscription for a year from
 * today, its main contact and both Welcome emails. The form's number is the request's, so even a second
 * processing would find the first (and the request's lock already refuses a second approval).
 */
const applyEndUserRegistration = async (
  deps: ChangeRequestDependencies,
  tx: ScopedExecutor,
  actor: Actor,
  request: LockedRequest,
  context: RequestContext,
): Promise<ChangeRequest> => {
  const { endUserName, endUserContactName, endUserContactEmail, tier, servers, currency } = request;
  if (!endUserName || !endUserContactName || !endUserContactEmail || !tier || !servers || !currency) {
    throw new Error('registration without its facts');
  }
  if ((await findTakenEmails(tx, [endUserContactEmail])).size > 0) {
    throw new AppError(
      'conflict',
      `${endUserContactEmail} already has an account: decline the registration, saying the end user's main contact needs another email`,
      [{ path: 'mainContact.email', message: 'already has an account' }],
    );
  }
  const termStart = dayOf(deps.now);
  const form: OrderFormRequest = {
    number: `CR-${request.id}`,
    organization: { name: endUserName, kind: 'customer', registeringPartnerId: request.organizationId },
    subscription: { tier, servers, termStart, termEnd: aYearAfter(termStart), currency },
    mainContact: { name: endUserContactName, email: endUserContactEmail },
  };
  const { result } = await processOrderFormIn(deps, tx, actor, form, context);
  return recordApplied(
    deps,
    tx,
    actor,
    request,
    { endUserOrganizationId: result.organizationId },
    {
      orderForm: form.number,
      endUserOrganizationId: result.organizationId,
      subscriptionId: result.subscriptionId,
    },
    context,
  );
};

/** An approved level upgrade changes the partner's level, its organization's row locked first. */
const applyPartnerLevelUpgrade = async (
  deps: ChangeRequestDependencies,
  tx: ScopedExecutor,
  actor: Actor,
  request: LockedRequest,
  context: RequestContext,
): Promise<ChangeRequest> => {
  const asked = request.partnerLevel;
  if (!asked) throw new Error('level upgrade without a level');
  const organization = await findOrganizationForUpdate(tx, request.organizationId);
  if (organization?.kind !== 'partner' || !organization.partnerLevel) {
    throw new AppError('conflict', 'The organization is no longer a partner: decline the request');
  }
  const before = organization.partnerLevel;
  if (partnerLevels.indexOf(asked) <= partnerLevels.indexOf(before)) {
    throw new AppError('conflict', `The partner is already at the ${before} level: decline the request`);
  }
  await updatePartnerLevel(tx, organization.id, asked);
  return recordApplied(deps, tx, actor, request, {}, { before, after: asked }, context);
};
