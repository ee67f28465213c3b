import type { ApiClient } from '@portals/api-client';
import { type CannedReplyPage, cannedReplyEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { cannedRepliesKey } from './query-keys';

/** GET /v1/staff/canned-replies: the team's replies kept at hand, by title. */
export const getCannedReplies = (
  apiClient: ApiClient,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<CannedReplyPage> => apiClient.call(cannedReplyEndpoints.list, { query: { cursor }, signal });

export const getCannedRepliesQueryOptions = (apiClient: ApiClient) =>
  infiniteQueryOptions({
    queryKey: cannedRepliesKey,
    queryFn: ({ pageParam, signal }) => getCannedReplies(apiClient, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useCannedReplies = () => useInfiniteQuery(getCannedRepliesQueryOptions(useApiClient()));
