import type { ApiClient } from '@portals/api-client';
import { type SubscriptionPage, subscriptionEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** GET /v1/staff/organizations/:organizationId/subscriptions: one page of its subscriptions. */
export const getOrganizationSubscriptions = (
  apiClient: ApiClient,
  organizationId: string,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<SubscriptionPage> =>
  apiClient.call(subscriptionEndpoints.listOfOrganization, {
    params: { organizationId },
    query: { cursor },
    signal,
  });

export const getOrganizationSubscriptionsQueryOptions = (apiClient: ApiClient, organizationId: string) =>
  infiniteQueryOptions({
    queryKey: ['staff', 'organizations', organizationId, 'subscriptions'],
    queryFn: ({ pageParam, signal }) =>
      getOrganizationSubscriptions(apiClient, organizationId, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useOrganizationSubscriptions = (organizationId: string) =>
  useInfiniteQuery(getOrganizationSubscriptionsQueryOptions(useApiClient(), organizationId));
