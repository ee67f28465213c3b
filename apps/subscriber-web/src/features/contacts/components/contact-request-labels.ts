import type { ContactRequestKind, ContactRequestStatus } from '@portals/domain';

export const contactRequestKindLabels: Record<ContactRequestKind, string> = {
  technical_contact: 'Additional technical contact',
  main_contact_handover: 'Main contact handover',
};

export const contactRequestStatusLabels: Record<ContactRequestStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  declined: 'Declined',
};
