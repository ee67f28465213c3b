import type { ApiClient } from '@portals/api-client';
import { type StaffOrganization, staffEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/staff/organizations/:organizationId: the organization, its contacts and roles, seat use. */
export const getOrganization = (
  apiClient: ApiClient,
  organizationId: string,
  signal?: AbortSignal,
): Promise<StaffOrganization> =>
  apiClient.call(staffEndpoints.getOrganization, { params: { organizationId }, signal });

export const getOrganizationQueryOptions = (apiClient: ApiClient, organizationId: string) =>
  queryOptions({
    queryKey: ['staff', 'organizations', organizationId],
    queryFn: ({ signal }) => getOrganization(apiClient, organizationId, signal),
  });

export const useOrganization = (organizationId: string) =>
  useQuery(getOrganizationQueryOptions(useApiClient(), organizationId));
