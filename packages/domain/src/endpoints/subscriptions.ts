import { defineEndpoint } from '../endpoint';
import { PageQuery } from '../schemas/pagination';
import {
  OrganizationSubscriptionsParams,
  Subscription,
  SubscriptionChangeRequest,
  SubscriptionPage,
  SubscriptionParams,
} from '../schemas/subscription';

export const subscriptionEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/subscriptions',
    query: PageQuery,
    response: { 200: SubscriptionPage },
    access: { permission: 'subscription:read:org' },
    tags: ['subscriptions'],
    summary:
      "The caller's organization's subscriptions: tier, servers, term, currency, renewal date and status",
  }),
  listOfOrganization: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/organizations/:organizationId/subscriptions',
    params: OrganizationSubscriptionsParams,
    query: PageQuery,
    response: { 200: SubscriptionPage },
    access: { permission: 'subscription:read:any' },
    tags: ['subscriptions'],
    summary: "Staff: an organization's subscriptions",
  }),
  change: defineEndpoint({
    method: 'PATCH',
    path: '/v1/staff/subscriptions/:subscriptionId',
    params: SubscriptionParams,
    body: SubscriptionChangeRequest,
    response: { 200: Subscription },
    access: { permission: 'subscription:manage:any' },
    tags: ['subscriptions'],
    summary: "Staff: change a subscription's tier, servers, term end or status",
    description:
      'Audited with before and after; the main contact is notified by email. Contacts get the new tier in their next access token.',
  }),
};
