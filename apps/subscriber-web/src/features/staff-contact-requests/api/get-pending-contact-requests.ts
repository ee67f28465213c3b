import type { ApiClient } from '@portals/api-client';
import { contactRequestEndpoints, type StaffContactRequestPage } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** GET /v1/staff/contact-requests?status=pending: one page of requests awaiting a decision, oldest first. */
export const getPendingContactRequests = (
  apiClient: ApiClient,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<StaffContactRequestPage> =>
  apiClient.call(contactRequestEndpoints.listForStaff, {
    query: { status: 'pending', cursor },
    signal,
  });

/** Every staff query of contact requests (the list and the count) starts with this key. */
export const staffContactRequestsQueryKey = ['staff', 'contact-requests'] as const;
export const pendingContactRequestsQueryKey = [...staffContactRequestsQueryKey, 'pending'] as const;

export const getPendingContactRequestsQueryOptions = (apiClient: ApiClient) =>
  infiniteQueryOptions({
    queryKey: pendingContactRequestsQueryKey,
    queryFn: ({ pageParam, signal }) => getPendingContactRequests(apiClient, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const usePendingContactRequests = () =>
  useInfiniteQuery(getPendingContactRequestsQueryOptions(useApiClient()));
