import type { ApiClient } from '@portals/api-client';
import { type TicketBulkRequest, type TicketBulkResult, ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** POST /v1/staff/tickets/bulk: all the tickets change, or none does (409 naming why). */
export const changeTicketsInBulk = (
  apiClient: ApiClient,
  change: TicketBulkRequest,
): Promise<TicketBulkResult> => apiClient.call(ticketWorkflowEndpoints.bulk, { body: change });

export const useChangeTicketsInBulk = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: TicketBulkRequest) => changeTicketsInBulk(apiClient, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};
