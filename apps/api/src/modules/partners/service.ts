import { type Actor, assertCan, type PageQuery, type PartnerEndUserPage } from '@portals/domain';
import { type DatabaseAccess, organizationScopeOf, type ScopedExecutor, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { findOwnOrganizationKind, listEndUsersOfPartner, listSubscriptionsOfEndUsers } from './repository';

/**
 * The end-user organizations the caller's partner organization registered: name and subscriptions
 * (tier, servers, status, renewal date), never their contacts.
 */
export const listOwnEndUsers = async (
  db: DatabaseAccess,
  actor: Actor,
  page: PageQuery,
): Promise<PartnerEndUserPage> => {
  const scope = organizationScopeOf(actor, 'Only contacts of a partner organization have end users');
  const partnerId = scope.organizationId;
  assertCan(actor, 'partner_end_users:read:org', { organizationId: partnerId });
  // Row-level security lets a partner read (only read) the organizations it registered.
  return withScope(db, scope, (tx) => pageOfEndUsers(tx, partnerId, page));
};

const pageOfEndUsers = async (
  tx: ScopedExecutor,
  partnerId: string,
  page: PageQuery,
): Promise<PartnerEndUserPage> => {
  if ((await findOwnOrganizationKind(tx, partnerId)) !== 'partner') {
    throw new AppError(
      'forbidden',
      'Your organization is not a partner: only partners register and see end-user subscriptions',
    );
  }
  const afterId = page.cursor ? decodeCursor(page.cursor) : undefined;
  // One row more than asked tells whether another page follows.
  const rows = await listEndUsersOfPartner(tx, partnerId, { limit: page.limit + 1, afterId });
  const endUsers = rows.slice(0, page.limit);
  const subscriptions =
    endUsers.length === 0
      ? []
      : await listSubscriptionsOfEndUsers(
          tx,
          partnerId,
          endUsers.map((endUser) => endUser.id),
        );
  const last = endUsers.at(-1);
  return {
    items: endUsers.map((endUser) => ({
      id: endUser.id,
      name: endUser.name,
      subscriptions: subscriptions
        .filter((subscription) => subscription.organizationId === endUser.id)
        .map((subscription) => ({
          tier: subscription.tier,
          servers: subscription.servers,
          status: subscription.status,
          renewalDate: subscription.termEnd,
        })),
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null,
  };
};
