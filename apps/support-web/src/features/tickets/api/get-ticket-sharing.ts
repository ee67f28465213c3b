import type { ApiClient } from '@portals/api-client';
import { organizationEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/**
 * GET /v1/organization, read here for its sharing switch: with sharing on, a technical contact may use
 * the organization's view. Same key as the organization page, so the two share one answer.
 */
export const getTicketSharingQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: ['organization'] as const,
    queryFn: ({ signal }) => apiClient.call(organizationEndpoints.getOwn, { signal }),
  });

export const useTicketSharing = ({ enabled }: { enabled: boolean }) => {
  const query = useQuery({ ...getTicketSharingQueryOptions(useApiClient()), enabled });
  return query.data?.ticketSharing === true;
};
