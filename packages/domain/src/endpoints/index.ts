import { subscriptionEndpoints } from './subscriptions';
import { tierEndpoints } from './tiers';

export * from './subscriptions';
export * from './tiers';

/** Every endpoint group, for the checks that walk them all. */
export const endpointGroups = { subscriptions: subscriptionEndpoints, tiers: tierEndpoints };
