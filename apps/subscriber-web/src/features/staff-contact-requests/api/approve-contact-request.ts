import type { ApiClient } from '@portals/api-client';
import { type ContactRequest, contactRequestEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffContactRequestsQueryKey } from './get-pending-contact-requests';

/** POST /v1/staff/contact-requests/:requestId/approve: creates the contact, or hands over the main role. */
export const approveContactRequest = (apiClient: ApiClient, requestId: string): Promise<ContactRequest> =>
  apiClient.call(contactRequestEndpoints.approve, { params: { requestId } });

export const useApproveContactRequest = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (requestId: string) => approveContactRequest(apiClient, requestId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffContactRequestsQueryKey }),
  });
};
