import { namedSupportAccountsByTier, subscriptionTiers, type TierList, tierEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';

const tierList: TierList = {
  items: subscriptionTiers.map((tier) => ({ tier, namedSupportAccounts: namedSupportAccountsByTier[tier] })),
};

export const tierRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, tierEndpoints.list, async () => tierList);
};
