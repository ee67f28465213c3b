import { type Actor, assertCan, type PageQuery, type SubscriptionPage } from '@portals/domain';
import type { Database } from '../../db/client';
import { AppError } from '../../lib/app-error';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { listSubscriptionsOfOrganization } from './repository';

export const listOwnSubscriptions = async (
  db: Database,
  actor: Actor,
  page: PageQuery,
): Promise<SubscriptionPage> => {
  if (!actor.organizationId) {
    throw new AppError('forbidden', 'Only contacts of an organization have own subscriptions');
  }
  assertCan(actor, 'subscription:read:org', { organizationId: actor.organizationId });
  const afterId = page.cursor ? decodeCursor(page.cursor) : undefined;
  // One row more than asked tells whether another page follows.
  const rows = await listSubscriptionsOfOrganization(db, actor.organizationId, {
    limit: page.limit + 1,
    afterId,
  });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
};
