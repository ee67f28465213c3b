import { defineEndpoint } from '../endpoint';
import { PageQuery } from '../schemas/pagination';
import { PartnerEndUserPage } from '../schemas/subscription';

export const partnerEndpoints = {
  listEndUsers: defineEndpoint({
    method: 'GET',
    path: '/v1/partner/end-users',
    query: PageQuery,
    response: { 200: PartnerEndUserPage },
    access: { permission: 'partner_end_users:read:org' },
    tags: ['partners'],
    summary: "A partner's end users: each organization's name and subscriptions (main contact of a partner)",
    description:
      "Tier, servers, status and renewal date of each subscription; never the end users' contacts. A customer organization answers 403.",
  }),
};
