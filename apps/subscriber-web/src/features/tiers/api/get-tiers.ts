import { TierList } from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

/** GET /v1/tiers: the subscription tiers and the named support accounts each includes. */
export const getTiers = ({ signal }: { signal?: AbortSignal } = {}): Promise<TierList> =>
  apiClient.get('/v1/tiers', TierList, { signal });

export const tiersQueryKey = ['tiers'] as const;

export const getTiersQueryOptions = () =>
  queryOptions({ queryKey: tiersQueryKey, queryFn: ({ signal }) => getTiers({ signal }) });

export const useTiers = () => useQuery(getTiersQueryOptions());
