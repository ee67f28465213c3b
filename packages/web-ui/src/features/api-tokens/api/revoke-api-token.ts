import type { ApiClient } from '@portals/api-client';
import { apiTokenEndpoints } from '@portals/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';
import { apiTokensQueryKey } from './get-api-tokens';

/** DELETE /v1/me/api-tokens/:tokenId: the token is refused from now on; it stays listed as revoked. */
export const revokeApiToken = async (apiClient: ApiClient, tokenId: string): Promise<void> => {
  await apiClient.call(apiTokenEndpoints.revoke, { params: { tokenId } });
};

export const useRevokeApiToken = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => revokeApiToken(apiClient, tokenId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensQueryKey }),
  });
};
