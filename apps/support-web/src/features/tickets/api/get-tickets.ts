import type { ApiClient } from '@portals/api-client';
import { type TicketListQuery, type TicketPage, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** The list's filters, view and sort, as the page's address holds them. */
export type TicketListFilters = Omit<Partial<TicketListQuery>, 'cursor' | 'limit'>;

/** GET /v1/tickets: one page of the tickets the caller may see; `nextCursor` leads to the next. */
export const getTickets = (
  apiClient: ApiClient,
  filters: TicketListFilters,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<TicketPage> =>
  apiClient.call(ticketEndpoints.list, { query: { ...filters, cursor } as TicketListQuery, signal });

/** Every list and count of tickets sits under this key: a change to a ticket refreshes them all. */
export const ticketsQueryKey = ['tickets'] as const;

export const getTicketsQueryOptions = (apiClient: ApiClient, filters: TicketListFilters) =>
  infiniteQueryOptions({
    queryKey: [...ticketsQueryKey, 'list', filters] as const,
    queryFn: ({ pageParam, signal }) => getTickets(apiClient, filters, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useTickets = (filters: TicketListFilters) =>
  useInfiniteQuery(getTicketsQueryOptions(useApiClient(), filters));
