import type { PortalId } from './enums';
import type { Permission } from './policy';

/**
 * The portals a person has something to do in, from what they may do: the Support Portal with tickets
 * to read (main and technical contacts, support staff), the Subscriber Portal with an organization's
 * contacts to read (main and administrative contacts) or the back office's directory (staff). A main
 * contact and most staff use both; a technical contact only the Support Portal; an administrative contact
 * and billing staff only the Subscriber Portal.
 */
export const portalsOf = (permissions: readonly Permission[]): PortalId[] => {
  const has = (permission: Permission) => permissions.includes(permission);
  return [
    ...(has('ticket:read:own') || has('ticket:read:any') ? (['support'] as const) : []),
    ...(has('contact:read:org') || has('organization:read:any') ? (['subscriber'] as const) : []),
  ];
};
