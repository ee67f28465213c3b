import type { ApiClient } from '@portals/api-client';
import { type TicketFilters, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { ticketsQueryKey } from './get-tickets';

/** GET /v1/tickets/counts: how many tickets of the view and filters are in each status. */
export const getTicketCounts = (
  apiClient: ApiClient,
  filters: Partial<TicketFilters>,
  { signal }: { signal?: AbortSignal } = {},
) => apiClient.call(ticketEndpoints.counts, { query: filters as TicketFilters, signal });

export const getTicketCountsQueryOptions = (apiClient: ApiClient, filters: Partial<TicketFilters>) =>
  queryOptions({
    queryKey: [...ticketsQueryKey, 'counts', filters] as const,
    queryFn: ({ signal }) => getTicketCounts(apiClient, filters, { signal }),
  });

export const useTicketCounts = (filters: Partial<TicketFilters>) =>
  useQuery(getTicketCountsQueryOptions(useApiClient(), filters));
