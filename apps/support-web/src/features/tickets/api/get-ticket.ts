import type { ApiClient } from '@portals/api-client';
import { ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { ticketsQueryKey } from './get-tickets';

/** GET /v1/tickets/:ticketId: a ticket's header: requester, product, severity, status, assignee, CCs. */
export const getTicket = (
  apiClient: ApiClient,
  ticketId: string,
  { signal }: { signal?: AbortSignal } = {},
) => apiClient.call(ticketEndpoints.get, { params: { ticketId }, signal });

export const ticketQueryKey = (ticketId: string) => [...ticketsQueryKey, 'one', ticketId] as const;

export const getTicketQueryOptions = (apiClient: ApiClient, ticketId: string) =>
  queryOptions({
    queryKey: ticketQueryKey(ticketId),
    queryFn: ({ signal }) => getTicket(apiClient, ticketId, { signal }),
  });

export const useTicket = (ticketId: string) => useQuery(getTicketQueryOptions(useApiClient(), ticketId));
