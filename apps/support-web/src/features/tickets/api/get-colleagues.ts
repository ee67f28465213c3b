import type { ApiClient } from '@portals/api-client';
import { contactEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/contacts/colleagues: the names of the organization's other contacts, to copy on a ticket. */
export const getColleagues = (apiClient: ApiClient, { signal }: { signal?: AbortSignal } = {}) =>
  apiClient.call(contactEndpoints.listColleagues, { signal });

export const colleaguesQueryKey = ['colleagues'] as const;

export const getColleaguesQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: colleaguesQueryKey,
    queryFn: ({ signal }) => getColleagues(apiClient, { signal }),
  });

export const useColleagues = ({ enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({ ...getColleaguesQueryOptions(useApiClient()), enabled });
