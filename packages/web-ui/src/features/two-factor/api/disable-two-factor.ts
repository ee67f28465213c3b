import { type ApiClient, NoContent } from '@portals/api-client';
import type { TwoFactorCode } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { useSessionManager } from '../../../lib/auth';

/** POST /v1/me/two-factor/disable: turns two-factor sign-in off with a current code (not for administrators). */
export const disableTwoFactor = async (apiClient: ApiClient, request: TwoFactorCode): Promise<void> => {
  await apiClient.post('/v1/me/two-factor/disable', request, NoContent);
};

/** Turns it off, then reloads who is signed in so the page shows it off. */
export const useDisableTwoFactor = () => {
  const session = useSessionManager();
  return useMutation({
    mutationFn: (code: string) => disableTwoFactor(session.apiClient, { code }),
    onSuccess: () => session.reloadMe(),
  });
};
