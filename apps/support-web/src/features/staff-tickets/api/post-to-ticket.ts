import { type TicketEvent, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffTicketsKey } from './query-keys';

interface Post {
  ticketId: string;
  body: string;
  /** Makes a retried submit answer once. */
  idempotencyKey: string;
}

/** A text posted to a ticket's timeline by an endpoint of the same shape; the queue and page refresh. */
const usePostToTicket = (endpoint: typeof ticketEndpoints.reply | typeof ticketEndpoints.addNote) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, body, idempotencyKey }: Post): Promise<TicketEvent> =>
      apiClient.call(endpoint, {
        params: { ticketId },
        body: { body },
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffTicketsKey }),
  });
};

/** POST /v1/tickets/:ticketId/replies: a public reply. */
export const useReplyToTicket = () => usePostToTicket(ticketEndpoints.reply);

/** POST /v1/tickets/:ticketId/notes: an internal note, never shown to the customer. */
export const useAddInternalNote = () => usePostToTicket(ticketEndpoints.addNote);
