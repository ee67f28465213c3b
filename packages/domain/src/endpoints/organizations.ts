import { defineEndpoint } from '../endpoint';
import { OwnOrganization, TicketSharingRequest } from '../schemas/organization';

export const organizationEndpoints = {
  getOwn: defineEndpoint({
    method: 'GET',
    path: '/v1/organization',
    response: { 200: OwnOrganization },
    access: { permission: 'organization:read:org' },
    tags: ['organizations'],
    summary: "The caller's own organization",
  }),
  changeTicketSharing: defineEndpoint({
    method: 'PUT',
    path: '/v1/organization/ticket-sharing',
    body: TicketSharingRequest,
    response: { 200: OwnOrganization },
    access: { permission: 'ticket_sharing:manage:org' },
    tags: ['organizations'],
    summary: 'Switch organization-wide ticket sharing (main contact)',
    description: 'On: every technical contact of the organization sees all its tickets. Off: only their own.',
  }),
};
