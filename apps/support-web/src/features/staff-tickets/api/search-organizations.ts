import type { ApiClient } from '@portals/api-client';
import { type OrganizationSearchPage, staffEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/staff/organizations?q=: the first page of organizations whose name holds `q`. */
export const searchOrganizations = (
  apiClient: ApiClient,
  q: string,
  signal?: AbortSignal,
): Promise<OrganizationSearchPage> =>
  apiClient.call(staffEndpoints.searchOrganizations, { query: { q }, signal });

export const searchOrganizationsQueryOptions = (apiClient: ApiClient, q: string) =>
  queryOptions({
    queryKey: ['staff-organizations', q],
    queryFn: ({ signal }) => searchOrganizations(apiClient, q, signal),
    staleTime: 60_000,
  });

/** Nothing is asked for an empty `q`; the previous answer stays while the next one loads. */
export const useOrganizationSearch = (q: string) =>
  useQuery({
    ...searchOrganizationsQueryOptions(useApiClient(), q),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
