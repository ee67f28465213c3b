import type { ApiClient } from '@portals/api-client';
import { type ContactRequestPage, contactRequestEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** GET /v1/contact-requests: one page of the organization's contact requests, newest first. */
export const getContactRequests = (
  apiClient: ApiClient,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<ContactRequestPage> => apiClient.call(contactRequestEndpoints.list, { query: { cursor }, signal });

export const contactRequestsQueryKey = ['contact-requests'] as const;

export const getContactRequestsQueryOptions = (apiClient: ApiClient) =>
  infiniteQueryOptions({
    queryKey: contactRequestsQueryKey,
    queryFn: ({ pageParam, signal }) => getContactRequests(apiClient, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useContactRequests = () => useInfiniteQuery(getContactRequestsQueryOptions(useApiClient()));
