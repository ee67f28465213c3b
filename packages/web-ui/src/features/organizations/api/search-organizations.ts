import type { ApiClient } from '@portals/api-client';
import { type OrganizationDirectoryKind, type OrganizationSearchPage, staffEndpoints } from '@portals/domain';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

/** How many matches a picker offers: enough to choose from, few enough to read. */
export const organizationPickerLimit = 10;

/** GET /v1/staff/organizations?q=&kind=: the first organizations (of that kind) matching `q`, by name. */
export const searchOrganizationsByName = (
  apiClient: ApiClient,
  { q, kind }: { q: string; kind?: OrganizationDirectoryKind | undefined },
  signal?: AbortSignal,
): Promise<OrganizationSearchPage> =>
  apiClient.call(staffEndpoints.searchOrganizations, {
    query: { q, ...(kind ? { kind } : {}), limit: organizationPickerLimit },
    signal,
  });

export const searchOrganizationsByNameQueryOptions = (
  apiClient: ApiClient,
  search: { q: string; kind?: OrganizationDirectoryKind | undefined },
) =>
  queryOptions({
    queryKey: ['staff', 'organizations', 'by-name', search.kind ?? 'any', search.q],
    queryFn: ({ signal }) => searchOrganizationsByName(apiClient, search, signal),
    staleTime: 60_000,
  });

/** Nothing is asked for an empty `q`; the previous answer stays while the next one loads. */
export const useOrganizationsByName = (search: { q: string; kind?: OrganizationDirectoryKind | undefined }) =>
  useQuery({
    ...searchOrganizationsByNameQueryOptions(useApiClient(), search),
    enabled: search.q.length > 0,
    placeholderData: keepPreviousData,
  });
