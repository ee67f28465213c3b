import type { ApiClient } from '@portals/api-client';
import {
  type TicketRatingReport,
  type TicketRatingReportQuery,
  ticketRatingEndpoints,
} from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

export const ticketRatingsReportKey = ['ticket-ratings-report'] as const;

/** GET /v1/staff/ticket-ratings: good and bad ratings per month, and the period's latest ratings. */
export const getTicketRatingsReport = (
  apiClient: ApiClient,
  query: TicketRatingReportQuery,
  signal?: AbortSignal,
): Promise<TicketRatingReport> => apiClient.call(ticketRatingEndpoints.report, { query, signal });

export const getTicketRatingsReportQueryOptions = (apiClient: ApiClient, query: TicketRatingReportQuery) =>
  queryOptions({
    queryKey: [...ticketRatingsReportKey, query],
    queryFn: ({ signal }) => getTicketRatingsReport(apiClient, query, signal),
  });

export const useTicketRatingsReport = (query: TicketRatingReportQuery) =>
  useQuery(getTicketRatingsReportQueryOptions(useApiClient(), query));
