import type { ApiClient } from '@portals/api-client';
import { type OrganizationSearchPage, type OrganizationSearchQuery, staffEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';

/** The directory's search and filters as the page holds them: every one may be left out. */
export type OrganizationDirectoryFilters = Partial<Omit<OrganizationSearchQuery, 'limit' | 'cursor'>>;

/** GET /v1/staff/organizations: one page of the organization directory, by name. */
export const searchOrganizations = (
  apiClient: ApiClient,
  filters: OrganizationDirectoryFilters,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<OrganizationSearchPage> =>
  apiClient.call(staffEndpoints.searchOrganizations, { query: { ...filters, cursor }, signal });

export const organizationDirectoryQueryKey = ['staff', 'organizations', 'directory'] as const;

export const searchOrganizationsQueryOptions = (
  apiClient: ApiClient,
  filters: OrganizationDirectoryFilters,
) =>
  infiniteQueryOptions({
    queryKey: [...organizationDirectoryQueryKey, filters],
    queryFn: ({ pageParam, signal }) =>
      searchOrganizations(apiClient, filters, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    staleTime: 30_000,
  });

/** The directory, page after page; the previous answer stays while the next search loads. */
export const useOrganizationDirectory = (filters: OrganizationDirectoryFilters) =>
  useInfiniteQuery({
    ...searchOrganizationsQueryOptions(useApiClient(), filters),
    placeholderData: keepPreviousData,
  });
