import { defineEndpoint } from '../endpoint';
import { ContactOverview, StaffOverview } from '../schemas/overview';

/** The home pages' overviews: what matters to the caller at a glance, each figure with the page that acts on it. */
export const overviewEndpoints = {
  contact: defineEndpoint({
    method: 'GET',
    path: '/v1/me/overview',
    response: { 200: ContactOverview },
    // Every contact role holds it; an API token needs it in its scopes, and gets only the parts its scopes reach.
    access: { permission: 'organization:read:org' },
    tags: ['overview'],
    summary: "A contact's overview: their organization, subscriptions, seats, tickets, requests and alerts",
    description:
      'Each part is null when the caller may not see it: subscriptions need `subscription:read:org`; seats ' +
      'and pending contact requests `contact:read:org`; tickets a ticket permission, and count only the ' +
      "tickets the caller may read (a technical contact's own and copied ones unless the organization " +
      'shares tickets). Counts stop at 999 (`capped`). Each figure names the portal page that acts on it.',
  }),
  staff: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/overview',
    response: { 200: StaffOverview },
    access: { anyPermission: ['ticket:read:any', 'organization:read:any'] },
    tags: ['overview'],
    summary:
      "A staff member's queues: unassigned tickets, their own, requests to decide, renewals this month",
    description:
      "Each figure is null when the caller's permissions do not reach it: the ticket queues need " +
      '`ticket:work:any`, requests to decide `contact_request:decide:any`, renewals `subscription:read:any` ' +
      'and `organization:read:any`. Counts stop at 999 (`capped`). Each figure names the portal page that ' +
      'lists what it counts.',
  }),
};
