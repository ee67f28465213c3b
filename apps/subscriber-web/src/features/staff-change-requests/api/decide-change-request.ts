import type { ApiClient } from '@portals/api-client';
import { type ChangeRequest, changeRequestEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffChangeRequestsQueryKey } from './get-staff-change-requests';

export type ChangeRequestDecision =
  | { action: 'start-review'; requestId: string }
  | { action: 'approve'; requestId: string }
  | { action: 'decline'; requestId: string; reason: string };

/** POST /v1/staff/change-requests/:requestId/{start-review,approve,decline}. */
export const decideChangeRequest = (
  apiClient: ApiClient,
  decision: ChangeRequestDecision,
): Promise<ChangeRequest> => {
  const params = { requestId: decision.requestId };
  switch (decision.action) {
    case 'start-review':
      return apiClient.call(changeRequestEndpoints.startReview, { params });
    case 'approve':
      return apiClient.call(changeRequestEndpoints.approve, { params });
    case 'decline':
      return apiClient.call(changeRequestEndpoints.decline, { params, body: { reason: decision.reason } });
  }
};

export const useDecideChangeRequest = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: ChangeRequestDecision) => decideChangeRequest(apiClient, decision),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffChangeRequestsQueryKey }),
  });
};
