import type { ApiClient } from '@portals/api-client';
import { type ChangeRequest, type CreateChangeRequestRequest, changeRequestEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { changeRequestsQueryKey } from './get-change-requests';

/** POST /v1/subscriptions/:subscriptionId/change-requests: notifies the vendor of a change. */
export const createChangeRequest = (
  apiClient: ApiClient,
  subscriptionId: string,
  body: CreateChangeRequestRequest,
): Promise<ChangeRequest> =>
  apiClient.call(changeRequestEndpoints.create, { params: { subscriptionId }, body });

export const useCreateChangeRequest = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ subscriptionId, body }: { subscriptionId: string; body: CreateChangeRequestRequest }) =>
      createChangeRequest(apiClient, subscriptionId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: changeRequestsQueryKey }),
  });
};
