import type { ApiClient } from '@portals/api-client';
import { type TicketProductChangeRequest, ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** POST /v1/tickets/:ticketId/product: another product, component or version of the catalogue. */
export const changeTicketProduct = async (
  apiClient: ApiClient,
  ticketId: string,
  change: TicketProductChangeRequest,
): Promise<void> => {
  await apiClient.call(ticketWorkflowEndpoints.changeProduct, { params: { ticketId }, body: change });
};

export const useChangeTicketProduct = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, change }: { ticketId: string; change: TicketProductChangeRequest }) =>
      changeTicketProduct(apiClient, ticketId, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};
