import type { ApiClient } from '@portals/api-client';
import { contactRequestEndpoints, type StaffContactRequestPage } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** GET /v1/staff/contact-requests?organizationId=: one page of its contact requests, oldest first. */
export const getOrganizationContactRequests = (
  apiClient: ApiClient,
  organizationId: string,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<StaffContactRequestPage> =>
  apiClient.call(contactRequestEndpoints.listForStaff, { query: { organizationId, cursor }, signal });

export const getOrganizationContactRequestsQueryOptions = (apiClient: ApiClient, organizationId: string) =>
  infiniteQueryOptions({
    // Under the staff contact requests' key: deciding one there refreshes this list too.
    queryKey: ['staff', 'contact-requests', 'organization', organizationId],
    queryFn: ({ pageParam, signal }) =>
      getOrganizationContactRequests(apiClient, organizationId, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useOrganizationContactRequests = (organizationId: string) =>
  useInfiniteQuery(getOrganizationContactRequestsQueryOptions(useApiClient(), organizationId));
