import type { ApiClient } from '@portals/api-client';
import { type ApiTokenPage, apiTokenEndpoints } from '@portals/domain';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

/** GET /v1/me/api-tokens: one page of the signed-in person's tokens, newest first, revoked and expired included. */
export const getApiTokens = (
  apiClient: ApiClient,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<ApiTokenPage> => apiClient.call(apiTokenEndpoints.list, { query: { cursor }, signal });

export const apiTokensQueryKey = ['api-tokens'] as const;

export const getApiTokensQueryOptions = (apiClient: ApiClient) =>
  infiniteQueryOptions({
    queryKey: apiTokensQueryKey,
    queryFn: ({ pageParam, signal }) => getApiTokens(apiClient, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

/** The person's API tokens, page after page as "Load more" asks for them. */
export const useApiTokens = () => useInfiniteQuery(getApiTokensQueryOptions(useApiClient()));
