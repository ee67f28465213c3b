import type { ApiClient } from '@portals/api-client';
import { type TicketEventPage, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { ticketQueryKey } from './get-ticket';

/** GET /v1/tickets/:ticketId/events: the timeline in order, a page after the last event id seen. */
export const getTicketEvents = (
  apiClient: ApiClient,
  ticketId: string,
  { after, signal }: { after?: number | undefined; signal?: AbortSignal } = {},
): Promise<TicketEventPage> =>
  apiClient.call(ticketEndpoints.events, { params: { ticketId }, query: { after, limit: 100 }, signal });

export const ticketEventsQueryKey = (ticketId: string) => [...ticketQueryKey(ticketId), 'events'] as const;

export const getTicketEventsQueryOptions = (apiClient: ApiClient, ticketId: string) =>
  infiniteQueryOptions({
    queryKey: ticketEventsQueryKey(ticketId),
    queryFn: ({ pageParam, signal }) => getTicketEvents(apiClient, ticketId, { after: pageParam, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useTicketEvents = (ticketId: string) =>
  useInfiniteQuery(getTicketEventsQueryOptions(useApiClient(), ticketId));
