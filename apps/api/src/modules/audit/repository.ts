import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditLog } from '../../db/schema/index';

/** Staff-only: the audit log across organizations, newest first. */
export const unsafeListAuditEntries = (
  executor: Executor,
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
