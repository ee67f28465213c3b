import type { ApiClient } from '@portals/api-client';
import { type OrganizationSearchPage, staffEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/staff/organizations?kind=partner&q=: the first page of partners matching `q`, by name. */
export const searchPartners = (
  apiClient: ApiClient,
  q: string,
  signal?: AbortSignal,
): Promise<OrganizationSearchPage> =>
  apiClient.call(staffEndpoints.searchOrganizations, { query: { q, kind: 'partner', limit: 10 }, signal });

export const searchPartnersQueryOptions = (apiClient: ApiClient, q: string) =>
  queryOptions({
    queryKey: ['staff', 'organizations', 'partners', q],
    queryFn: ({ signal }) => searchPartners(apiClient, q, signal),
    staleTime: 60_000,
  });

/** Nothing is asked for an empty `q`; the previous answer stays while the next one loads. */
export const usePartnerSearch = (q: string) =>
  useQuery({
    ...searchPartnersQueryOptions(useApiClient(), q),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
