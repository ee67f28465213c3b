import type { PortalId } from '@portals/domain';

/** Each portal's name, as its header shows it and as links to it name it. */
export const portalNames: Record<PortalId, string> = {
  support: 'Support Portal',
  subscriber: 'Subscriber Portal',
};
