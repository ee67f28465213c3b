import { subscriptionEndpoints } from './subscriptions';
import { productEndpoints, ticketEndpoints } from './tickets';
import { tierEndpoints } from './tiers';

export * from './subscriptions';
export * from './tickets';
export * from './tiers';

/** Every endpoint group, for the checks that walk them all. */
export const endpointGroups = {
  subscriptions: subscriptionEndpoints,
  tiers: tierEndpoints,
  products: productEndpoints,
  tickets: ticketEndpoints,
};
