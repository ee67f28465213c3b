import type { ApiClient } from '@portals/api-client';
import { apiTokenEndpoints, type CreateApiTokenRequest, type CreatedApiToken } from '@portals/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';
import { apiTokensQueryKey } from './get-api-tokens';

/** POST /v1/me/api-tokens: a token with some of the person's permissions; its secret is in this answer only. */
export const createApiToken = (
  apiClient: ApiClient,
  request: CreateApiTokenRequest,
): Promise<CreatedApiToken> => apiClient.call(apiTokenEndpoints.create, { body: request });

export const useCreateApiToken = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateApiTokenRequest) => createApiToken(apiClient, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensQueryKey }),
  });
};
