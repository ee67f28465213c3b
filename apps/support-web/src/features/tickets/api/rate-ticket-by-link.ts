import type { ApiClient } from '@portals/api-client';
import { type TicketRatingByLinkRequest, ticketRatingEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation } from '@tanstack/react-query';

/** POST /v1/ticket-ratings/by-link: rates from the "solved" email's single-use link, signed in or not. */
export const rateTicketByLink = (apiClient: ApiClient, request: TicketRatingByLinkRequest) =>
  apiClient.call(ticketRatingEndpoints.rateByLink, { body: request });

export const useRateTicketByLink = () => {
  const apiClient = useApiClient();
  return useMutation({
    mutationFn: (request: TicketRatingByLinkRequest) => rateTicketByLink(apiClient, request),
  });
};
