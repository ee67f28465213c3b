import type { ApiClient } from '@portals/api-client';
import { ticketWorkflowEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** POST /v1/tickets/:ticketId/assignee: to a member of staff, or nobody (null). */
export const assignTicket = async (
  apiClient: ApiClient,
  ticketId: string,
  assigneeId: string | null,
): Promise<void> => {
  await apiClient.call(ticketWorkflowEndpoints.assign, { params: { ticketId }, body: { assigneeId } });
};

export const useAssignTicket = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, assigneeId }: { ticketId: string; assigneeId: string | null }) =>
      assignTicket(apiClient, ticketId, assigneeId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};
