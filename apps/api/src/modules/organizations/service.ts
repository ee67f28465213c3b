import { type Actor, assertCan, type OwnOrganization } from '@portals/domain';
import type { Database } from '../../db/client';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import type { RequestContext } from '../../lib/request-context';
import { findOwnOrganization, setTicketSharing } from './repository';

const ownOrganizationId = (actor: Actor): string => {
  if (!actor.organizationId) throw new AppError('forbidden', 'Only contacts of an organization have one');
  return actor.organizationId;
};

export const getOwnOrganization = async (db: Database, actor: Actor): Promise<OwnOrganization> => {
  const organizationId = ownOrganizationId(actor);
  assertCan(actor, 'organization:read:org', { organizationId });
  const organization = await findOwnOrganization(db, organizationId);
  if (!organization) throw notFound('Your organization');
  return organization;
};

/** The main contact switches organization-wide ticket sharing on or off; audited. */
export const changeTicketSharing = async (
  db: Database,
  actor: Actor,
  enabled: boolean,
  context: RequestContext,
): Promise<OwnOrganization> => {
  const organizationId = ownOrganizationId(actor);
  assertCan(actor, 'ticket_sharing:manage:org', { organizationId });
  return db.transaction(async (tx) => {
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
