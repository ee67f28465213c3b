import type { OrganizationDirectoryKind, PartnerLevel } from '@portals/domain';

/** How the directory names each kind; a new kind fails to compile until it has a label. */
export const organizationDirectoryKindLabels: Record<OrganizationDirectoryKind, string> = {
  customer: 'Customer',
  end_user: 'End user',
  partner: 'Partner',
};

export const partnerLevelLabels: Record<PartnerLevel, string> = {
  registered: 'Registered',
  silver: 'Silver',
  gold: 'Gold',
  platinum: 'Platinum',
};

/** The directory's kind of an organization: a customer a partner registered is an end user. */
export const directoryKindOf = (organization: {
  kind: 'customer' | 'partner';
  registeringPartner: { id: string } | null;
}): OrganizationDirectoryKind =>
  organization.kind === 'partner' ? 'partner' : organization.registeringPartner ? 'end_user' : 'customer';
