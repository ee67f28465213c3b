import type { Permission } from '@portals/domain';

/** How a permission is named on screen; a new permission fails to compile until it has a label. */
export const permissionLabels: Record<Permission, string> = {
  'subscription:read:org': "Read your organization's subscriptions",
  'subscription:read:any': "Read every organization's subscriptions",
  'organization:read:any': 'Read every organization',
  'audit:read:any': 'Read the audit log',
  'order_form:process:any': 'Process Order Forms',
  'organization:read:org': 'Read your organization',
  'alert:publish:any': 'Publish alerts to customers: security advisories, maintenance, incidents',
  'ticket:read:own': 'Read your own tickets and those you are copied on',
  'ticket:read:org': "Read your organization's tickets",
  'ticket:read:any': "Read every organization's tickets",
  'ticket:write:own': 'Open tickets, reply, attach, copy colleagues and solve or reopen tickets you can read',
  'ticket:work:any': 'Work tickets: internal notes, assignment, status, product, merge and bulk changes',
  'canned_reply:manage:any': "Manage the support team's canned replies",
  'ticket_sharing:manage:org': 'Switch organization-wide ticket sharing',
  'contact:read:org': "Read your organization's contacts",
  'contact:manage:org': "Manage your organization's contacts",
  'contact_request:create:org': 'Request technical contacts and main contact changes',
  'contact_request:read:any': "Read every organization's contact requests",
  'contact_request:decide:any': 'Approve or decline contact requests',
  'subscription:manage:any': "Change every organization's subscriptions",
  'partner_end_users:read:org': "List your partner organization's end users",
  'email_preferences:manage:own': 'Choose which optional emails you receive',
};
