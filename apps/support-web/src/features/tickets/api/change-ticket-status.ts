import type { ApiClient } from '@portals/api-client';
import { type TicketStatusChangeRequest, ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketsQueryKey } from './get-tickets';

/** POST /v1/tickets/:ticketId/status: a contact marks a ticket solved, or reopens it within 14 days. */
export const changeTicketStatus = (
  apiClient: ApiClient,
  ticketId: string,
  change: TicketStatusChangeRequest,
) => apiClient.call(ticketWorkflowEndpoints.changeStatus, { params: { ticketId }, body: change });

export const useChangeTicketStatus = (ticketId: string) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: TicketStatusChangeRequest) => changeTicketStatus(apiClient, ticketId, change),
    // The ticket, its timeline, the lists and the counts all change (they share the tickets key).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketsQueryKey }),
  });
};
