import type { ApiClient } from '@portals/api-client';
import { type TicketCounts, type TicketFilters, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** GET /v1/tickets/counts: how many tickets a view holds, per status and in all. */
export const getQueueCounts = (
  apiClient: ApiClient,
  filters: TicketFilters,
  signal?: AbortSignal,
): Promise<TicketCounts> => apiClient.call(ticketEndpoints.counts, { query: filters, signal });

export const getQueueCountsQueryOptions = (apiClient: ApiClient, filters: TicketFilters) =>
  queryOptions({
    queryKey: [...staffTicketsKey, 'counts', filters],
    queryFn: ({ signal }) => getQueueCounts(apiClient, filters, signal),
  });

/** A view's counts; none asked while the view still lacks a choice (`null`). */
export const useQueueCounts = (filters: TicketFilters | null) =>
  useQuery({ ...getQueueCountsQueryOptions(useApiClient(), filters ?? {}), enabled: filters !== null });
