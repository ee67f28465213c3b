import type { ApiClient } from '@portals/api-client';
import { type ContactRequestCounts, contactRequestEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/staff/contact-requests/counts: how many requests wait for a decision. */
export const getContactRequestCounts = (
  apiClient: ApiClient,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ContactRequestCounts> => apiClient.call(contactRequestEndpoints.countForStaff, { signal });

/** Under the staff requests' key: a decision invalidates the list and the count together. */
export const contactRequestCountsQueryKey = ['staff', 'contact-requests', 'counts'] as const;

export const getContactRequestCountsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: contactRequestCountsQueryKey,
    queryFn: ({ signal }) => getContactRequestCounts(apiClient, { signal }),
    // A customer's new request shows within a minute without a reload.
    refetchInterval: 60_000,
  });

export const useContactRequestCounts = () => useQuery(getContactRequestCountsQueryOptions(useApiClient()));
