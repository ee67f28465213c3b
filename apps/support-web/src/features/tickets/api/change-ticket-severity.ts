import type { ApiClient } from '@portals/api-client';
import { type TicketSeverityChangeRequest, ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketsQueryKey } from './get-tickets';

/** POST /v1/tickets/:ticketId/severity: raise or lower it, with the reason the timeline shows. */
export const changeTicketSeverity = (
  apiClient: ApiClient,
  ticketId: string,
  change: TicketSeverityChangeRequest,
) => apiClient.call(ticketWorkflowEndpoints.changeSeverity, { params: { ticketId }, body: change });

export const useChangeTicketSeverity = (ticketId: string) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: TicketSeverityChangeRequest) => changeTicketSeverity(apiClient, ticketId, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketsQueryKey }),
  });
};
