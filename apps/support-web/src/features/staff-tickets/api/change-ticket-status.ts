import type { ApiClient } from '@portals/api-client';
import { type TicketStatusChangeRequest, ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** POST /v1/tickets/:ticketId/status: 409 invalid_transition when the transition table refuses it. */
export const changeTicketStatus = async (
  apiClient: ApiClient,
  ticketId: string,
  change: TicketStatusChangeRequest,
): Promise<void> => {
  await apiClient.call(ticketWorkflowEndpoints.changeStatus, { params: { ticketId }, body: change });
};

export const useChangeTicketStatus = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, change }: { ticketId: string; change: TicketStatusChangeRequest }) =>
      changeTicketStatus(apiClient, ticketId, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};
