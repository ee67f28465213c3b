import type { ApiClient } from '@portals/api-client';
import { ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** POST /v1/tickets/:ticketId/ccs: copy contacts of the ticket's organization, or stop copying them. */
export const changeTicketCcs = async (
  apiClient: ApiClient,
  ticketId: string,
  change: { add?: string[]; remove?: string[] },
): Promise<void> => {
  await apiClient.call(ticketWorkflowEndpoints.changeCcs, {
    params: { ticketId },
    body: { add: change.add ?? [], remove: change.remove ?? [] },
  });
};

export const useChangeTicketCcs = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, ...change }: { ticketId: string; add?: string[]; remove?: string[] }) =>
      changeTicketCcs(apiClient, ticketId, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};
