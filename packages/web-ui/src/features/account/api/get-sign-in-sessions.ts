import type { ApiClient } from '@portals/api-client';
import { accountEndpoints, type SignInSessionList } from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';
import { signInSessionsQueryKey } from './change-password';

/** GET /v1/me/sessions: the devices signed in to the account, this one marked `current`. */
export const getSignInSessions = (
  apiClient: ApiClient,
  { signal }: { signal?: AbortSignal } = {},
): Promise<SignInSessionList> => apiClient.call(accountEndpoints.listSessions, { signal });

export const getSignInSessionsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: signInSessionsQueryKey,
    queryFn: ({ signal }) => getSignInSessions(apiClient, { signal }),
  });

export const useSignInSessions = () => useQuery(getSignInSessionsQueryOptions(useApiClient()));
