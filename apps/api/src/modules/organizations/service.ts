import { type Actor, assertCan, type OwnOrganization } from '@portals/domain';
import { type DatabaseAccess, organizationScopeOf, withScope } from '../../db/scope';
import { notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import type { RequestContext } from '../../lib/request-context';
import { findOwnOrganization, setTicketSharing } from './repository';

const noOrganization = 'Only contacts of an organization have one';

export const getOwnOrganization = async (db: DatabaseAccess, actor: Actor): Promise<OwnOrganization> => {
  const scope = organizationScopeOf(actor, noOrganization);
  assertCan(actor, 'organization:read:org', { organizationId: scope.organizationId });
  const organization = await withScope(db, scope, (tx) => findOwnOrganization(tx, scope.organizationId));
  if (!organization) throw notFound('Your organization');
  return organization;
};

/** The main contact switches organization-wide ticket sharing on or off; audited. */
export const changeTicketSharing = async (
  db: DatabaseAccess,
  actor: Actor,
  enabled: boolean,
  context: RequestContext,
): Promise<OwnOrganization> => {
  const scope = organizationScopeOf(actor, noOrganization);
  const { organizationId } = scope;
  assertCan(actor, 'ticket_sharing:manage:org', { organizationId });
  return withScope(db, scope, async (tx) => {
    const organization = await setTicketSharing(tx, organizationId, enabled);
    if (!organization) throw notFound('Your organization');
    await recordAudit(tx, {
      action: enabled ? 'organization.ticket_sharing_on' : 'organization.ticket_sharing_off',
      actorUserId: actor.userId,
      organizationId,
      ipAddress: context.ipAddress,
      requestId: context.requestId,
    });
    return organization;
  });
};
