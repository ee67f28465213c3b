import type { ApiClient } from '@portals/api-client';
import { accountEndpoints } from '@portals/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';
import { signInSessionsQueryKey } from './change-password';

/**
 * DELETE /v1/me/sessions/:sessionId: signs that device out at once. This device's access token is
 * refused too, and renewed from its refresh cookie on the next request (the API client does it).
 */
export const endSignInSession = async (apiClient: ApiClient, sessionId: string): Promise<void> => {
  await apiClient.call(accountEndpoints.endSession, { params: { sessionId } });
};

export const useEndSignInSession = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => endSignInSession(apiClient, sessionId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: signInSessionsQueryKey }),
  });
};
