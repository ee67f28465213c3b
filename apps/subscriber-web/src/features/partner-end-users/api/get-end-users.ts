import type { ApiClient } from '@portals/api-client';
import { type PartnerEndUserPage, partnerEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** GET /v1/partner/end-users: one page of the end-user organizations the partner registered. */
export const getEndUsers = (
  apiClient: ApiClient,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<PartnerEndUserPage> =>
  apiClient.call(partnerEndpoints.listEndUsers, { query: { cursor }, signal });

export const endUsersQueryKey = ['partner', 'end-users'] as const;

export const getEndUsersQueryOptions = (apiClient: ApiClient) =>
  infiniteQueryOptions({
    queryKey: endUsersQueryKey,
    queryFn: ({ pageParam, signal }) => getEndUsers(apiClient, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useEndUsers = () => useInfiniteQuery(getEndUsersQueryOptions(useApiClient()));
