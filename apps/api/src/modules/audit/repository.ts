import { and, desc, eq, lt } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';

/** Staff: the audit log across organizations (the staff scope admits every row), newest first. */
export const listAuditEntriesOfAnyOrganization = (
  executor: ScopedExecutor,
  filter: { action?: string; organizationId?: string; actorUserId?: string },
  page: { limit: number; beforeId?: number },
) =>
  executor
    .select()
    .from(auditLog)
    .where(
      and(
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.organizationId ? eq(auditLog.organizationId, filter.organizationId) : undefined,
        filter.actorUserId ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
        page.beforeId ? lt(auditLog.id, page.beforeId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
