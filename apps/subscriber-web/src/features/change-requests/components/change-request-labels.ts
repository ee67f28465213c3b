import type { ChangeRequest, ChangeRequestKind, ChangeRequestStatus, PartnerLevel } from '@portals/domain';
import { tierLabels } from '@portals/web-ui';

export const changeRequestKindLabels: Record<ChangeRequestKind, string> = {
  additional_servers: 'Additional servers',
  additional_service: 'Additional service',
  tier_change: 'Tier change',
  end_user_registration: 'End-user registration',
  partner_level_upgrade: 'Partner level upgrade',
};

export const partnerLevelLabels: Record<PartnerLevel, string> = {
  registered: 'Registered',
  silver: 'Silver',
  gold: 'Gold',
  platinum: 'Platinum',
};

export const changeRequestStatusLabels: Record<ChangeRequestStatus, string> = {
  submitted: 'Submitted',
  in_review: 'In review',
  approved: 'Approved',
  declined: 'Declined',
  applied: 'Applied',
};

/** What a request asks for, in a few words. */
export const describeChange = (request: ChangeRequest): string => {
  switch (request.kind) {
    case 'additional_servers':
      return `${request.servers ?? 0} additional server${request.servers === 1 ? '' : 's'}`;
    case 'additional_service':
      return `Service: ${request.product?.name ?? 'a product of the catalogue'}`;
    case 'tier_change':
      return `${request.fromTier ? tierLabels[request.fromTier] : ''} → ${request.tier ? tierLabels[request.tier] : ''}`;
    case 'end_user_registration':
      return `${request.endUser?.name ?? 'An end user'}: ${request.tier ? tierLabels[request.tier] : ''}, ${request.servers ?? 0} server${request.servers === 1 ? '' : 's'}; main contact ${request.endUser?.mainContact.name ?? ''} (${request.endUser?.mainContact.email ?? ''})`;
    case 'partner_level_upgrade':
      return `${request.fromPartnerLevel ? partnerLevelLabels[request.fromPartnerLevel] : ''} → ${request.partnerLevel ? partnerLevelLabels[request.partnerLevel] : ''}`;
  }
};

/** What a request is about: the subscription it changes, or for a partner's kinds the organization. */
export const subjectOf = (request: ChangeRequest): string =>
  request.subscription
    ? `${tierLabels[request.subscription.tier]}, ${request.subscription.servers} servers`
    : 'Partner organization';
