import type { ApiClient } from '@portals/api-client';
import { type TicketFilters, type TicketPage, type TicketSort, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

export interface QueueQuery {
  filters: TicketFilters;
  sort: TicketSort;
  direction: 'asc' | 'desc';
}

/** GET /v1/tickets: one page of the queue, with a view's filters and a sort. */
export const getQueue = (
  apiClient: ApiClient,
  { filters, sort, direction }: QueueQuery,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<TicketPage> =>
  apiClient.call(ticketEndpoints.list, { query: { ...filters, sort, direction, cursor }, signal });

export const getQueueQueryOptions = (apiClient: ApiClient, query: QueueQuery) =>
  infiniteQueryOptions({
    queryKey: [...staffTicketsKey, 'queue', query],
    queryFn: ({ pageParam, signal }) => getQueue(apiClient, query, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

/** The queue page by page; nothing is asked while `enabled` is false (a view still lacking its choice). */
export const useQueue = (query: QueueQuery, enabled = true) =>
  useInfiniteQuery({ ...getQueueQueryOptions(useApiClient(), query), enabled });
