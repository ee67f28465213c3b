import type { ApiClient } from '@portals/api-client';
import { type TicketEventPage, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { ticketKey } from './get-ticket';

/** GET /v1/tickets/:ticketId/events: the timeline, internal notes included for staff, after an event id. */
export const getTicketEvents = (
  apiClient: ApiClient,
  ticketId: string,
  { after, signal }: { after?: number | undefined; signal?: AbortSignal } = {},
): Promise<TicketEventPage> =>
  apiClient.call(ticketEndpoints.events, { params: { ticketId }, query: { after }, signal });

// Under the ticket's key: whatever changes the ticket refreshes its timeline too.
export const getTicketEventsQueryOptions = (apiClient: ApiClient, ticketId: string) =>
  infiniteQueryOptions({
    queryKey: [...ticketKey(ticketId), 'events'],
    queryFn: ({ pageParam, signal }) => getTicketEvents(apiClient, ticketId, { after: pageParam, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useTicketEvents = (ticketId: string) =>
  useInfiniteQuery(getTicketEventsQueryOptions(useApiClient(), ticketId));
