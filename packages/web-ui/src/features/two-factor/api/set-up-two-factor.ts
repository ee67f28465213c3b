import type { ApiClient } from '@portals/api-client';
import { type TwoFactorSetup, twoFactorEndpoints } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

/**
 * POST /v1/me/two-factor/setup: a new secret for the authenticator app. It waits, unused, until a
 * first code confirms it (`enableTwoFactor`); setting up again replaces it.
 */
export const setUpTwoFactor = (apiClient: ApiClient): Promise<TwoFactorSetup> =>
  apiClient.call(twoFactorEndpoints.setUp);

export const useSetUpTwoFactor = () => {
  const apiClient = useApiClient();
  return useMutation({ mutationFn: () => setUpTwoFactor(apiClient) });
};
