import type { ApiClient } from '@portals/api-client';
import { type OwnOrganization, organizationEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { organizationQueryKey } from './get-organization';

/** PUT /v1/organization/ticket-sharing: on, every technical contact sees all the organization's tickets. */
export const changeTicketSharing = (apiClient: ApiClient, enabled: boolean): Promise<OwnOrganization> =>
  apiClient.call(organizationEndpoints.changeTicketSharing, { body: { enabled } });

export const useChangeTicketSharing = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) => changeTicketSharing(apiClient, enabled),
    onSuccess: (organization) => {
      queryClient.setQueryData(organizationQueryKey, organization);
      return queryClient.invalidateQueries({ queryKey: organizationQueryKey });
    },
  });
};
