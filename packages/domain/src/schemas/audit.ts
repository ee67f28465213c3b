import { z } from 'zod';
import { PageQuery, pageOf } from './pagination';

export const AuditEntry = z.object({
  id: z.number().int(),
  action: z.string(),
  organizationId: z.uuid().nullable(),
  actorUserId: z.uuid().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ipAddress: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = PageQuery.extend({
  action: z.string().max(100).optional(),
  organizationId: z.uuid().optional(),
  actorUserId: z.uuid().optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = pageOf(AuditEntry);
export type AuditPage = z.infer<typeof AuditPage>;
