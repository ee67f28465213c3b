import type { ApiClient } from '@portals/api-client';
import { type TwoFactorCode, type TwoFactorEnabled, twoFactorEndpoints } from '@portals/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSessionManager } from '../../../lib/auth';

/**
 * POST /v1/me/two-factor/enable: turns two-factor sign-in on with a first code. Answers the recovery
 * codes, this once, and a new session that passed two-factor sign-in (its refresh cookie already set).
 */
export const enableTwoFactor = (apiClient: ApiClient, request: TwoFactorCode): Promise<TwoFactorEnabled> =>
  apiClient.call(twoFactorEndpoints.enable, { body: request });

/** Turns it on and continues with the verified session, whose rights may be wider (an administrator's). */
export const useEnableTwoFactor = () => {
  const session = useSessionManager();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => enableTwoFactor(session.apiClient, { code }),
    onSuccess: async (enabled) => {
      session.adoptSession(enabled.session);
      await queryClient.invalidateQueries();
    },
  });
};
