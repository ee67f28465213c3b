import type { ApiClient } from '@portals/api-client';
import { ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** POST /v1/tickets/:ticketId/merge: the duplicate's conversation moves to the target, the duplicate closes. */
export const mergeTicket = async (
  apiClient: ApiClient,
  ticketId: string,
  intoTicketId: string,
): Promise<void> => {
  await apiClient.call(ticketWorkflowEndpoints.merge, { params: { ticketId }, body: { intoTicketId } });
};

export const useMergeTicket = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, intoTicketId }: { ticketId: string; intoTicketId: string }) =>
      mergeTicket(apiClient, ticketId, intoTicketId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};
