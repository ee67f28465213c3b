import { eq } from 'drizzle-orm';
import { organizations } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';

const columns = {
  id: organizations.id,
  name: organizations.name,
  kind: organizations.kind,
  partnerLevel: organizations.partnerLevel,
  ticketSharing: organizations.ticketSharing,
};

/** Scoped by construction: the caller passes their own organization's id. */
export const findOwnOrganization = async (executor: ScopedExecutor, organizationId: string) => {
  const [organization] = await executor
    .select(columns)
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return organization;
};

export const setTicketSharing = async (
  executor: ScopedExecutor,
  organizationId: string,
  enabled: boolean,
) => {
  const [organization] = await executor
    .update(organizations)
    .set({ ticketSharing: enabled, updatedAt: new Date() })
    .where(eq(organizations.id, organizationId))
    .returning(columns);
  return organization;
};
