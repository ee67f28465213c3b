import type { ApiClient } from '@portals/api-client';
import { type Accepted, authEndpoints, type PortalId } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { usePortalIdentity } from '../../../components/app-providers';
import { useApiClient } from '../../../lib/auth';

/** POST /v1/auth/password-reset: emails a link to `/<portal>/set-password`, known email or not. */
export const requestPasswordReset = (
  apiClient: ApiClient,
  request: { email: string; portal: PortalId },
): Promise<Accepted> => apiClient.call(authEndpoints.requestPasswordReset, { body: request });

/** Asks for a reset link that opens this portal. */
export const useRequestPasswordReset = () => {
  const apiClient = useApiClient();
  const { id: portal } = usePortalIdentity();
  return useMutation({ mutationFn: (email: string) => requestPasswordReset(apiClient, { email, portal }) });
};
