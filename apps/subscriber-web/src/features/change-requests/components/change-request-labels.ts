import type { ChangeRequest, ChangeRequestKind, ChangeRequestStatus } from '@portals/domain';
import { tierLabels } from '@portals/web-ui';

export const changeRequestKindLabels: Record<ChangeRequestKind, string> = {
  additional_servers: 'Additional servers',
  additional_service: 'Additional service',
  tier_change: 'Tier change',
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
  }
};
