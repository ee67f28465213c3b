import type { ApiClient } from '@portals/api-client';
import { type ContactRequest, contactRequestEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffContactRequestsQueryKey } from './get-pending-contact-requests';

/** POST /v1/staff/contact-requests/:requestId/decline: with the reason the requester is told. */
export const declineContactRequest = (
  apiClient: ApiClient,
  requestId: string,
  reason: string,
): Promise<ContactRequest> =>
  apiClient.call(contactRequestEndpoints.decline, { params: { requestId }, body: { reason } });

export const useDeclineContactRequest = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ requestId, reason }: { requestId: string; reason: string }) =>
      declineContactRequest(apiClient, requestId, reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffContactRequestsQueryKey }),
  });
};
