import type { ApiClient } from '@portals/api-client';
import {
  type ChangeRequestKind,
  type ChangeRequestStatus,
  changeRequestEndpoints,
  type StaffChangeRequestPage,
} from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';

export interface StaffChangeRequestFilters {
  status?: ChangeRequestStatus | undefined;
  kind?: ChangeRequestKind | undefined;
  organizationId?: string | undefined;
}

/** GET /v1/staff/change-requests: one page of the inbox, oldest first, with the counts per state. */
export const getStaffChangeRequests = (
  apiClient: ApiClient,
  filters: StaffChangeRequestFilters,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<StaffChangeRequestPage> =>
  apiClient.call(changeRequestEndpoints.listForStaff, { query: { ...filters, cursor }, signal });

/** Every staff query of change requests starts with this key: a decision invalidates them all. */
export const staffChangeRequestsQueryKey = ['staff', 'change-requests'] as const;

export const getStaffChangeRequestsQueryOptions = (
  apiClient: ApiClient,
  filters: StaffChangeRequestFilters,
) =>
  infiniteQueryOptions({
    queryKey: [...staffChangeRequestsQueryKey, filters],
    queryFn: ({ pageParam, signal }) =>
      getStaffChangeRequests(apiClient, filters, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // A customer's new request shows within a minute without a reload.
    refetchInterval: 60_000,
  });

export const useStaffChangeRequests = (filters: StaffChangeRequestFilters) =>
  useInfiniteQuery(getStaffChangeRequestsQueryOptions(useApiClient(), filters));
