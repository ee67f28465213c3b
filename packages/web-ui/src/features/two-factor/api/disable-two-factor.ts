import type { ApiClient } from '@portals/api-client';
import { type TwoFactorCode, twoFactorEndpoints } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { useSessionManager } from '../../../lib/auth';

/** POST /v1/me/two-factor/disable: turns two-factor sign-in off with a current code (not for administrators). */
export const disableTwoFactor = async (apiClient: ApiClient, request: TwoFactorCode): Promise<void> => {
  await apiClient.call(twoFactorEndpoints.disable, { body: request });
};

/** Turns it off, then reloads who is signed in so the page shows it off. */
export const useDisableTwoFactor = () => {
  const session = useSessionManager();
  return useMutation({
    mutationFn: (code: string) => disableTwoFactor(session.apiClient, { code }),
    onSuccess: () => session.reloadMe(),
  });
};
