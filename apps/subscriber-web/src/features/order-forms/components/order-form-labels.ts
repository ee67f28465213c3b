import type { OrganizationKind, PartnerLevel } from '@portals/domain';

/** How an organization kind is named on screen; a new kind fails to compile until it has a label. */
export const organizationKindLabels: Record<OrganizationKind, string> = {
  customer: 'Customer (end user)',
  partner: 'Partner',
};

export const partnerLevelLabels: Record<PartnerLevel, string> = {
  registered: 'Registered',
  silver: 'Silver',
  gold: 'Gold',
  platinum: 'Platinum',
};
