import type { ApiClient } from '@portals/api-client';
import { type TicketRatingRequest, ticketRatingEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketQueryKey } from './get-ticket';

/** PUT /v1/tickets/:ticketId/rating: the requester rates a solved ticket, or changes their rating. */
export const rateTicket = (apiClient: ApiClient, ticketId: string, rating: TicketRatingRequest) =>
  apiClient.call(ticketRatingEndpoints.rate, { params: { ticketId }, body: rating });

export const useRateTicket = (ticketId: string) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rating: TicketRatingRequest) => rateTicket(apiClient, ticketId, rating),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketQueryKey(ticketId) }),
  });
};
