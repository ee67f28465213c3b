import type { ApiClient } from '@portals/api-client';
import { type OrganizationContactList, staffEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/staff/organizations/:organizationId/contacts: whom staff can copy on its tickets. */
export const getOrganizationContacts = (
  apiClient: ApiClient,
  organizationId: string,
  signal?: AbortSignal,
): Promise<OrganizationContactList> =>
  apiClient.call(staffEndpoints.listOrganizationContacts, { params: { organizationId }, signal });

export const getOrganizationContactsQueryOptions = (apiClient: ApiClient, organizationId: string) =>
  queryOptions({
    queryKey: ['staff-organizations', organizationId, 'contacts'],
    queryFn: ({ signal }) => getOrganizationContacts(apiClient, organizationId, signal),
    staleTime: 60_000,
  });

export const useOrganizationContacts = (organizationId: string) =>
  useQuery(getOrganizationContactsQueryOptions(useApiClient(), organizationId));
