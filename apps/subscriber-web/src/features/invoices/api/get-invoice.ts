import type { ApiClient } from '@portals/api-client';
import { type Invoice, invoiceEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { invoicesQueryKey } from './get-invoices';

export const invoiceQueryKey = (invoiceId: string) => [...invoicesQueryKey, 'one', invoiceId] as const;

/** GET /v1/invoices/:invoiceId: its lines, tax lines, totals, payments and what remains due. */
export const getInvoice = (apiClient: ApiClient, invoiceId: string, signal?: AbortSignal): Promise<Invoice> =>
  apiClient.call(invoiceEndpoints.get, { params: { invoiceId }, signal });

export const getInvoiceQueryOptions = (apiClient: ApiClient, invoiceId: string) =>
  queryOptions({
    queryKey: invoiceQueryKey(invoiceId),
    queryFn: ({ signal }) => getInvoice(apiClient, invoiceId, signal),
  });

export const useInvoice = (invoiceId: string) => useQuery(getInvoiceQueryOptions(useApiClient(), invoiceId));
