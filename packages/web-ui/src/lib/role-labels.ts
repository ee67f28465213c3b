import type { Role } from '@portals/domain';

/** How a role is named on screen; a new role fails to compile until it has a label. */
export const roleLabels: Record<Role, string> = {
  main: 'Main contact',
  administrative: 'Administrative contact',
  technical: 'Technical contact',
  support_agent: 'Support agent',
  billing: 'Billing',
  account_manager: 'Account manager',
  admin: 'Administrator',
};
