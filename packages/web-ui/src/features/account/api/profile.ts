import type { ApiClient } from '@portals/api-client';
import { accountEndpoints, type Profile, type UpdateProfileRequest } from '@portals/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient, useSessionManager } from '../../../lib/auth';

/** GET /v1/me/profile: one's own name, email, phone and organization. */
export const getProfile = (
  apiClient: ApiClient,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Profile> => apiClient.call(accountEndpoints.getProfile, { signal });

export const profileQueryKey = ['profile'] as const;

export const getProfileQueryOptions = (apiClient: ApiClient) =>
  queryOptions({ queryKey: profileQueryKey, queryFn: ({ signal }) => getProfile(apiClient, { signal }) });

export const useProfile = () => useQuery(getProfileQueryOptions(useApiClient()));

/** PATCH /v1/me/profile: one's own name or phone. */
export const updateProfile = (apiClient: ApiClient, request: UpdateProfileRequest): Promise<Profile> =>
  apiClient.call(accountEndpoints.updateProfile, { body: request });

export const useUpdateProfile = () => {
  const session = useSessionManager();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: UpdateProfileRequest) => updateProfile(session.apiClient, request),
    onSuccess: async (profile) => {
      queryClient.setQueryData(profileQueryKey, profile);
      // The name shows in the header: ask again who is signed in.
      await session.reloadMe();
    },
  });
};
