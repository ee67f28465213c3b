import {
  type Actor,
  assertCan,
  type PageQuery,
  type Subscription,
  type SubscriptionChangeRequest,
  type SubscriptionPage,
} from '@portals/domain';
import {
  type DatabaseAccess,
  organizationScopeOf,
  readScoped,
  type ScopedExecutor,
  scopeOf,
  withScope,
} from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import type { RequestContext } from '../../lib/request-context';
import { queueEmailForRole } from '../communications/queue-email-for-role';
import { subscriptionChangedEmail } from '../email/templates/subscription-changed';
import {
  findSubscriptionForUpdate,
  listSubscriptionsOfOrganization,
  organizationExists,
  updateSubscription,
} from './repository';

type SubscriptionRow = Omit<Subscription, 'renewalDate'>;

/** The contract's view of a row: a subscription is up for renewal when its term ends. */
export const toSubscription = (row: SubscriptionRow): Subscription => ({ ...row, renewalDate: row.termEnd });

const pageOfOrganization = async (
  executor: ScopedExecutor,
  organizationId: string,
  page: PageQuery,
): Promise<SubscriptionPage> => {
  const afterId = page.cursor ? decodeCursor(page.cursor) : undefined;
  // One row more than asked tells whether another page follows.
  const rows = await listSubscriptionsOfOrganization(executor, organizationId, {
    limit: page.limit + 1,
    afterId,
  });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(toSubscription),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null,
  };
};

export const listOwnSubscriptions = async (
  db: DatabaseAccess,
  actor: Actor,
  page: PageQuery,
): Promise<SubscriptionPage> => {
  const scope = organizationScopeOf(actor, 'Only contacts of an organization have own subscriptions');
  assertCan(actor, 'subscription:read:org', { organizationId: scope.organizationId });
  // One round trip (readScoped): the scope's opening and the page's prepared query.
  const [result] = await readScoped(db, scope, (tx) => [pageOfOrganization(tx, scope.organizationId, page)]);
  return result;
};

/** Staff: any organization's subscriptions. */
export const listSubscriptionsOfAnyOrganization = async (
  db: DatabaseAccess,
  actor: Actor,
  organizationId: string,
  page: PageQuery,
): Promise<SubscriptionPage> => {
  assertCan(actor, 'subscription:read:any');
  return withScope(db, scopeOf(actor), async (tx) => {
    if (!(await organizationExists(tx, organizationId))) throw notFound('The organization');
    return pageOfOrganization(tx, organizationId, page);
  });
};

const describeChange = (before: SubscriptionRow, after: SubscriptionRow): string =>
  (['tier', 'servers', 'termEnd', 'status'] as const)
    .filter((field) => before[field] !== after[field])
    .map((field) => {
      const label = {
        tier: 'Tier',
        servers: 'Servers',
        termEnd: 'Term end (renewal date)',
        status: 'Status',
      }[field];
      return `- ${label}: ${before[field]} → ${after[field]}`;
    })
    .join('\n');

/**
 * Staff change a subscription's tier, servers, term end or status: audited with before and after, and
 * the main contact is notified, in one transaction. Contacts' access tokens carry the new tier from
 * their next sign-in or refresh.
 */
export const changeSubscription = async (
  db: DatabaseAccess,
  actor: Actor,
  subscriptionId: string,
  change: SubscriptionChangeRequest,
  context: RequestContext,
): Promise<Subscription> => {
  assertCan(actor, 'subscription:manage:any');
  return withScope(db, scopeOf(actor), async (tx) => {
    const before = await findSubscriptionForUpdate(tx, subscriptionId);
    if (!before) throw notFound('The subscription');
    if (change.termEnd !== undefined && change.termEnd <= before.termStart) {
      throw new AppError('validation_failed', 'The term must end after it starts', [
        { path: 'termEnd', message: `must be after the term start ${before.termStart}` },
      ]);
    }
    const after = await updateSubscription(tx, subscriptionId, change);
    if (!after) throw notFound('The subscription');
    const changes = describeChange(before, after);
    await recordAudit(tx, {
      action: 'subscription.changed',
      actorUserId: actor.userId,
      organizationId: after.organizationId,
      targetType: 'subscription',
      targetId: subscriptionId,
      details: {
        before: {
          tier: before.tier,
          servers: before.servers,
          termEnd: before.termEnd,
          status: before.status,
        },
        after: { tier: after.tier, servers: after.servers, termEnd: after.termEnd, status: after.status },
      },
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    if (changes) {
      await queueEmailForRole(
        tx,
        after.organizationId,
        'subscription_changed',
        subscriptionChangedEmail({ tier: after.tier, changes }),
      );
    }
    return toSubscription(after);
  });
};
