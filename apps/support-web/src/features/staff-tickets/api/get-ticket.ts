import type { ApiClient } from '@portals/api-client';
import { type Ticket, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** GET /v1/tickets/:ticketId. */
export const getTicket = (apiClient: ApiClient, ticketId: string, signal?: AbortSignal): Promise<Ticket> =>
  apiClient.call(ticketEndpoints.get, { params: { ticketId }, signal });

export const ticketKey = (ticketId: string) => [...staffTicketsKey, 'ticket', ticketId] as const;

export const getTicketQueryOptions = (apiClient: ApiClient, ticketId: string) =>
  queryOptions({
    queryKey: ticketKey(ticketId),
    queryFn: ({ signal }) => getTicket(apiClient, ticketId, signal),
  });

export const useTicket = (ticketId: string) => useQuery(getTicketQueryOptions(useApiClient(), ticketId));
