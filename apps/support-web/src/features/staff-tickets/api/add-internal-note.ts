import type { ApiClient } from '@portals/api-client';
import { type TicketEvent, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

/** POST /v1/tickets/:ticketId/notes: an internal note, never shown to the customer. */
export const addInternalNote = (
  apiClient: ApiClient,
  ticketId: string,
  body: string,
  idempotencyKey: string,
): Promise<TicketEvent> =>
  apiClient.call(ticketEndpoints.addNote, {
    params: { ticketId },
    body: { body },
    headers: { 'idempotency-key': idempotencyKey },
  });

export const useAddInternalNote = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      ticketId,
      body,
      idempotencyKey,
    }: {
      ticketId: string;
      body: string;
      idempotencyKey: string;
    }) => addInternalNote(apiClient, ticketId, body, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};
