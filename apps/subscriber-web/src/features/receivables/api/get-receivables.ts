import type { ApiClient } from '@portals/api-client';
import { invoiceEndpoints, type Receivables, type ReceivablesQuery } from '@portals/domain';
import { saveBlob, useApiClient } from '@portals/web-ui';
import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';

/** GET /v1/staff/receivables: what every organization owes today, most overdue first. */
export const getReceivables = (
  apiClient: ApiClient,
  query: ReceivablesQuery,
  signal?: AbortSignal,
): Promise<Receivables> => apiClient.call(invoiceEndpoints.receivables, { query, signal });

export const getReceivablesQueryOptions = (apiClient: ApiClient, query: ReceivablesQuery) =>
  queryOptions({
    // Under the invoices' key: a payment or a credit note recorded refreshes it.
    queryKey: ['invoices', 'receivables', query],
    queryFn: ({ signal }) => getReceivables(apiClient, query, signal),
  });

export const useReceivables = (query: ReceivablesQuery) =>
  useQuery({ ...getReceivablesQueryOptions(useApiClient(), query), placeholderData: keepPreviousData });

/** The name the CSV is saved under: the day it describes. */
export const receivablesFileName = (asOf: string) => `receivables-${asOf}.csv`;

/** GET /v1/staff/receivables/csv with the same filters, saved by the browser. */
export const useDownloadReceivablesCsv = () => {
  const apiClient = useApiClient();
  return useMutation({
    mutationFn: async ({ query, asOf }: { query: ReceivablesQuery; asOf: string }) => {
      const blob = await apiClient.download(invoiceEndpoints.receivablesCsv, { query });
      saveBlob(blob, receivablesFileName(asOf));
    },
  });
};
