import type { ApiClient } from '@portals/api-client';
import { type TicketSeverityChangeRequest, ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** POST /v1/tickets/:ticketId/severity: the new severity with the reason shown in the timeline. */
export const changeTicketSeverity = async (
  apiClient: ApiClient,
  ticketId: string,
  change: TicketSeverityChangeRequest,
): Promise<void> => {
  await apiClient.call(ticketWorkflowEndpoints.changeSeverity, { params: { ticketId }, body: change });
};

export const useChangeTicketSeverity = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, change }: { ticketId: string; change: TicketSeverityChangeRequest }) =>
      changeTicketSeverity(apiClient, ticketId, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};
