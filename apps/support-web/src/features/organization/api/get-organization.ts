import type { ApiClient } from '@portals/api-client';
import { organizationEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/organization: the signed-in contact's own organization, with its ticket sharing setting. */
export const getOrganization = (apiClient: ApiClient, { signal }: { signal?: AbortSignal } = {}) =>
  apiClient.call(organizationEndpoints.getOwn, { signal });

export const organizationQueryKey = ['organization'] as const;

export const getOrganizationQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: organizationQueryKey,
    queryFn: ({ signal }) => getOrganization(apiClient, { signal }),
  });

export const useOrganization = () => useQuery(getOrganizationQueryOptions(useApiClient()));
