import { namedSupportAccountsByTier, subscriptionTiers, TierList } from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const tierList: TierList = {
  items: subscriptionTiers.map((tier) => ({ tier, namedSupportAccounts: namedSupportAccountsByTier[tier] })),
};

export const tierRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/tiers',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['subscriptions'],
        summary: 'The subscription tiers and the named support accounts each includes',
        response: { 200: TierList },
      },
    },
    async () => tierList,
  );
};
