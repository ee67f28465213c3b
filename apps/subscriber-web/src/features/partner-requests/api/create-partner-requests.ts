import type { ApiClient } from '@portals/api-client';
import {
  type ChangeRequest,
  changeRequestEndpoints,
  type RegisterEndUserRequest,
  type RequestPartnerLevelUpgradeRequest,
} from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';

// The organization's change requests (features/change-requests) list these kinds too.
const changeRequestsQueryKey = ['change-requests'] as const;

/** POST /v1/partner/end-user-registrations: a partner registers an end user, for staff to approve. */
export const registerEndUser = (apiClient: ApiClient, body: RegisterEndUserRequest): Promise<ChangeRequest> =>
  apiClient.call(changeRequestEndpoints.registerEndUser, { body });

/** POST /v1/partner/level-upgrades: a partner's main contact asks for a higher partner level. */
export const requestPartnerLevelUpgrade = (
  apiClient: ApiClient,
  body: RequestPartnerLevelUpgradeRequest,
): Promise<ChangeRequest> => apiClient.call(changeRequestEndpoints.requestPartnerLevelUpgrade, { body });

export const useRegisterEndUser = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterEndUserRequest) => registerEndUser(apiClient, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: changeRequestsQueryKey }),
  });
};

export const useRequestPartnerLevelUpgrade = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestPartnerLevelUpgradeRequest) => requestPartnerLevelUpgrade(apiClient, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: changeRequestsQueryKey }),
  });
};
