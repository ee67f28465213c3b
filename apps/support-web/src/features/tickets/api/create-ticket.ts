import type { ApiClient } from '@portals/api-client';
import { type Ticket, type TicketCreateRequest, ticketEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketsQueryKey } from './get-tickets';

/**
 * POST /v1/tickets with the draft's Idempotency-Key: a retry or a second click with the same key gets
 * the first answer back, so one draft opens one ticket.
 */
export const createTicket = (
  apiClient: ApiClient,
  { ticket, idempotencyKey }: { ticket: TicketCreateRequest; idempotencyKey: string },
): Promise<Ticket> =>
  apiClient.call(ticketEndpoints.create, { body: ticket, headers: { 'idempotency-key': idempotencyKey } });

export const useCreateTicket = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { ticket: TicketCreateRequest; idempotencyKey: string }) =>
      createTicket(apiClient, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketsQueryKey }),
  });
};
