import type { StaffRole } from '@portals/domain';
import { and, arrayOverlaps, asc, eq, isNull, sql } from 'drizzle-orm';
import { organizations, users } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';
import { activeTierOf } from '../organizations/repository';

/** Staff-only: staff rows belong to no organization, and only a staff scope reads them. */
export const listStaffMembers = (
  executor: ScopedExecutor,
  options: { withRoles?: readonly StaffRole[]; after?: { name: string; id: string }; limit: number },
) =>
  executor
    .select({ id: users.id, name: users.name, email: users.email, roles: users.staffRoles })
    .from(users)
    .where(
      and(
        eq(users.kind, 'staff'),
        ...(options.withRoles
          ? [
              eq(users.active, true),
              isNull(users.removedAt),
              arrayOverlaps(users.staffRoles, [...options.withRoles]),
            ]
          : []),
        ...(options.after
          ? [sql`(${users.name}, ${users.id}) > (${options.after.name}, ${options.after.id}::uuid)`]
          : []),
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(options.limit);

/** `%`, `_` and `\` match themselves in the name part. */
const likePattern = (part: string) => `%${part.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** Staff-only (organization:read:any): every organization's name, matching a part of it in any case. */
export const searchOrganizationsByName = (
  executor: ScopedExecutor,
  options: { namePart?: string; after?: { name: string; id: string }; limit: number },
) => {
  const sortName = sql`lower(${organizations.name})`;
  return executor
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      tier: activeTierOf(organizations.id),
      sortName: sql<string>`${sortName}`,
    })
    .from(organizations)
    .where(
      and(
        ...(options.namePart ? [sql`${sortName} like lower(${likePattern(options.namePart)})`] : []),
        ...(options.after
          ? [sql`(${sortName}, ${organizations.id}) > (${options.after.name}, ${options.after.id}::uuid)`]
          : []),
      ),
    )
    .orderBy(sortName, asc(organizations.id))
    .limit(options.limit);
};

export const organizationExists = async (executor: ScopedExecutor, organizationId: string) =>
  (
    await executor
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
  ).length === 1;

/** An organization's current contacts (active, not removed), by name. */
export const listCurrentContacts = (executor: ScopedExecutor, organizationId: string) =>
  executor
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.kind, 'contact'),
        eq(users.active, true),
        isNull(users.removedAt),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
