import type { ApiClient } from '@portals/api-client';
import { type TierList, tierEndpoints } from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

/** GET /v1/tiers: the subscription tiers and the named support accounts each includes. */
export const getTiers = (
  apiClient: ApiClient,
  { signal }: { signal?: AbortSignal } = {},
): Promise<TierList> => apiClient.call(tierEndpoints.list, { signal });

export const tiersQueryKey = ['tiers'] as const;

export const getTiersQueryOptions = (apiClient: ApiClient) =>
  queryOptions({ queryKey: tiersQueryKey, queryFn: ({ signal }) => getTiers(apiClient, { signal }) });

/** The tiers, fetched with the portal's API client from `<AppProviders>`. */
export const useTiers = () => useQuery(getTiersQueryOptions(useApiClient()));
