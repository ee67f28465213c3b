import { defineEndpoint } from '../endpoint';
import { AuditPage, AuditQuery } from '../schemas/audit';

export const auditEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/audit-log',
    query: AuditQuery,
    response: { 200: AuditPage },
    access: { permission: 'audit:read:any' },
    tags: ['audit'],
    summary: 'The audit log: sign-ins, failures, tokens, role and 2FA changes (staff admins)',
  }),
};
