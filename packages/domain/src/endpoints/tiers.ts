import { defineEndpoint } from '../endpoint';
import { TierList } from '../schemas/tier';

export const tierEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/tiers',
    response: { 200: TierList },
    access: { public: true },
    tags: ['subscriptions'],
    summary: 'The subscription tiers and the named support accounts each includes',
  }),
};
