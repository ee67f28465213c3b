import type { ApiClient } from '@portals/api-client';
import { type TicketPage, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** GET /v1/tickets?view=all&organizationId=: one page of its tickets, latest activity first. */
export const getOrganizationTickets = (
  apiClient: ApiClient,
  organizationId: string,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<TicketPage> =>
  apiClient.call(ticketEndpoints.list, { query: { view: 'all', organizationId, cursor }, signal });

export const getOrganizationTicketsQueryOptions = (apiClient: ApiClient, organizationId: string) =>
  infiniteQueryOptions({
    queryKey: ['staff', 'organizations', organizationId, 'tickets'],
    queryFn: ({ pageParam, signal }) =>
      getOrganizationTickets(apiClient, organizationId, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useOrganizationTickets = (organizationId: string) =>
  useInfiniteQuery(getOrganizationTicketsQueryOptions(useApiClient(), organizationId));
