import type { ApiClient } from '@portals/api-client';
import { type SubscriptionPage, subscriptionEndpoints } from '@portals/domain';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

/** GET /v1/subscriptions: one page of the organization's subscriptions; `nextCursor` leads to the next. */
export const getSubscriptions = (
  apiClient: ApiClient,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<SubscriptionPage> => apiClient.call(subscriptionEndpoints.list, { query: { cursor }, signal });

export const subscriptionsQueryKey = ['subscriptions'] as const;

export const getSubscriptionsQueryOptions = (apiClient: ApiClient) =>
  infiniteQueryOptions({
    queryKey: subscriptionsQueryKey,
    queryFn: ({ pageParam, signal }) => getSubscriptions(apiClient, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

/** The organization's subscriptions, page after page as "Load more" asks for them. */
export const useSubscriptions = () => useInfiniteQuery(getSubscriptionsQueryOptions(useApiClient()));
