import type { ApiClient } from '@portals/api-client';
import { type ContactOverview, overviewEndpoints, type StaffOverview } from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

export const overviewQueryKey = ['overview'] as const;

/** GET /v1/me/overview: a contact's organization, subscriptions, seats, tickets, requests and alerts. */
export const getContactOverview = (apiClient: ApiClient, signal?: AbortSignal): Promise<ContactOverview> =>
  apiClient.call(overviewEndpoints.contact, { signal });

/** GET /v1/staff/overview: a staff member's queues. */
export const getStaffOverview = (apiClient: ApiClient, signal?: AbortSignal): Promise<StaffOverview> =>
  apiClient.call(overviewEndpoints.staff, { signal });

// Read afresh whenever the home page opens (one round trip): its figures change with every ticket,
// request and renewal made elsewhere, which no other query's invalidation reaches.
export const getContactOverviewQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: [...overviewQueryKey, 'contact'],
    queryFn: ({ signal }) => getContactOverview(apiClient, signal),
    staleTime: 0,
  });

export const getStaffOverviewQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: [...overviewQueryKey, 'staff'],
    queryFn: ({ signal }) => getStaffOverview(apiClient, signal),
    staleTime: 0,
  });

export const useContactOverview = () => useQuery(getContactOverviewQueryOptions(useApiClient()));

export const useStaffOverview = () => useQuery(getStaffOverviewQueryOptions(useApiClient()));
