import type { ApiClient } from '@portals/api-client';
import { type ChangeRequestPage, changeRequestEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** GET /v1/change-requests: one page of the organization's change requests, newest first. */
export const getChangeRequests = (
  apiClient: ApiClient,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<ChangeRequestPage> => apiClient.call(changeRequestEndpoints.list, { query: { cursor }, signal });

export const changeRequestsQueryKey = ['change-requests'] as const;

export const getChangeRequestsQueryOptions = (apiClient: ApiClient) =>
  infiniteQueryOptions({
    queryKey: changeRequestsQueryKey,
    queryFn: ({ pageParam, signal }) => getChangeRequests(apiClient, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useChangeRequests = () => useInfiniteQuery(getChangeRequestsQueryOptions(useApiClient()));
