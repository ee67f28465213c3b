import type { ApiClient } from '@portals/api-client';
import { accountEndpoints, type ChangePasswordRequest, type Session } from '@portals/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSessionManager } from '../../../lib/auth';

/**
 * POST /v1/me/password: changes the password with the current one. Every session of the account ends;
 * the answer is a new one for this device, its refresh cookie already set.
 */
export const changePassword = (apiClient: ApiClient, request: ChangePasswordRequest): Promise<Session> =>
  apiClient.call(accountEndpoints.changePassword, { body: request });

export const useChangePassword = () => {
  const session = useSessionManager();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ChangePasswordRequest) => changePassword(session.apiClient, request),
    onSuccess: async (issued) => {
      session.adoptSession(issued);
      // The other devices are signed out: the list of sessions changed.
      await queryClient.invalidateQueries({ queryKey: signInSessionsQueryKey });
    },
  });
};

export const signInSessionsQueryKey = ['sign-in-sessions'] as const;
