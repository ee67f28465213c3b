import { auditLog } from '../db/schema/index';
import type { AnyExecutor } from '../db/scope';

export interface AuditEntry {
  action: string;
  actorUserId?: string | null;
  organizationId?: string | null;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ipAddress?: string | null;
  requestId?: string | null;
}

/** Appends to the audit log (the table refuses updates and deletes). Never put secrets in details. */
export const recordAudit = (executor: AnyExecutor, entry: AuditEntry) =>
  executor.insert(auditLog).values({
    action: entry.action,
    actorUserId: entry.actorUserId ?? null,
    organizationId: entry.organizationId ?? null,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
    ipAddress: entry.ipAddress ?? null,
    requestId: entry.requestId ?? null,
  });
