import type { ApiClient } from '@portals/api-client';
import { authEndpoints, type PasswordLink } from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

/**
 * POST /v1/auth/set-password/inspect: whether a set-your-password link can still be used, and whose
 * account it sets (email, organization). Looking does not use the link up.
 */
export const inspectPasswordLink = (
  apiClient: ApiClient,
  token: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<PasswordLink> => apiClient.call(authEndpoints.inspectPasswordLink, { body: { token }, signal });

export const passwordLinkQueryKey = (token: string) => ['password-link', token] as const;

export const inspectPasswordLinkQueryOptions = (apiClient: ApiClient, token: string) =>
  queryOptions({
    queryKey: passwordLinkQueryKey(token),
    queryFn: ({ signal }) => inspectPasswordLink(apiClient, token, { signal }),
    // Asked once per visit: the answer changes only when the link is used, which this page does itself.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });

export const usePasswordLink = (token: string | null) =>
  useQuery({ ...inspectPasswordLinkQueryOptions(useApiClient(), token ?? ''), enabled: token !== null });
