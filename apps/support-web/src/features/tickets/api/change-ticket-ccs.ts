import type { ApiClient } from '@portals/api-client';
import { ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketsQueryKey } from './get-tickets';

export interface TicketCcChange {
  add?: string[];
  remove?: string[];
}

/** POST /v1/tickets/:ticketId/ccs: copy colleagues on the ticket, or stop copying them. */
export const changeTicketCcs = (
  apiClient: ApiClient,
  ticketId: string,
  { add = [], remove = [] }: TicketCcChange,
) => apiClient.call(ticketWorkflowEndpoints.changeCcs, { params: { ticketId }, body: { add, remove } });

export const useChangeTicketCcs = (ticketId: string) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: TicketCcChange) => changeTicketCcs(apiClient, ticketId, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketsQueryKey }),
  });
};
