import type { ApiClient } from '@portals/api-client';
import { type OwnOrganization, organizationEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/organization: the caller's organization, its partner level included. */
export const getOwnOrganization = (apiClient: ApiClient, signal?: AbortSignal): Promise<OwnOrganization> =>
  apiClient.call(organizationEndpoints.getOwn, { signal });

export const ownOrganizationQueryKey = ['organization'] as const;

export const useOwnOrganization = () => {
  const apiClient = useApiClient();
  return useQuery(
    queryOptions({
      queryKey: ownOrganizationQueryKey,
      queryFn: ({ signal }) => getOwnOrganization(apiClient, signal),
    }),
  );
};
