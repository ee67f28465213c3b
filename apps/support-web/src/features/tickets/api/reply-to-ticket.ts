import type { ApiClient } from '@portals/api-client';
import { type TicketEvent, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketQueryKey } from './get-ticket';
import { ticketsQueryKey } from './get-tickets';

/** POST /v1/tickets/:ticketId/replies with the message's Idempotency-Key: a retry posts it once. */
export const replyToTicket = (
  apiClient: ApiClient,
  { ticketId, body, idempotencyKey }: { ticketId: string; body: string; idempotencyKey: string },
): Promise<TicketEvent> =>
  apiClient.call(ticketEndpoints.reply, {
    params: { ticketId },
    body: { body },
    headers: { 'idempotency-key': idempotencyKey },
  });

export const useReplyToTicket = (ticketId: string) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; idempotencyKey: string }) =>
      replyToTicket(apiClient, { ticketId, ...input }),
    // The reply may reopen the ticket: its header, timeline and the lists all change.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketQueryKey(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketsQueryKey }),
      ]),
  });
};
