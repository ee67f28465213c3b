import type { ApiClient } from '@portals/api-client';
import { type TicketSummary, ticketEndpoints } from '@portals/domain';

/** GET /v1/tickets?number=: the ticket shown as #number, if the caller may see it. */
export const findTicketByNumber = async (
  apiClient: ApiClient,
  number: number,
  signal?: AbortSignal,
): Promise<TicketSummary | null> => {
  const page = await apiClient.call(ticketEndpoints.list, { query: { number, limit: 1 }, signal });
  return page.items[0] ?? null;
};
