import type { ApiClient } from '@portals/api-client';
import { type TicketSearchPage, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** GET /v1/tickets/search: ranked hits over subjects, descriptions, replies and notes, with highlights. */
export const searchTickets = (
  apiClient: ApiClient,
  q: string,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<TicketSearchPage> => apiClient.call(ticketEndpoints.search, { query: { q, cursor }, signal });

export const searchTicketsQueryOptions = (apiClient: ApiClient, q: string) =>
  infiniteQueryOptions({
    queryKey: [...staffTicketsKey, 'search', q],
    queryFn: ({ pageParam, signal }) => searchTickets(apiClient, q, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    enabled: q.length > 0,
  });

export const useTicketSearch = (q: string) => useInfiniteQuery(searchTicketsQueryOptions(useApiClient(), q));
