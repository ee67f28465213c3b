import { z } from 'zod';
import { OrganizationKind, PartnerLevel } from '../enums';

/** The caller's own organization, as its contacts see it. */
export const OwnOrganization = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: OrganizationKind,
  partnerLevel: PartnerLevel.nullable(),
  ticketSharing: z.boolean(),
});
export type OwnOrganization = z.infer<typeof OwnOrganization>;

export const TicketSharingRequest = z.object({ enabled: z.boolean() });
export type TicketSharingRequest = z.infer<typeof TicketSharingRequest>;
