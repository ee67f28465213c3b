import type { ApiClient } from '@portals/api-client';
import { type InvoiceListQuery, type InvoicePage, invoiceEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';

/** Every invoice read (lists, pages, an organization's section) sits under this key: a change refreshes them all. */
export const invoicesQueryKey = ['invoices'] as const;

/** The list's filters as a page holds them: every one may be left out. */
export type InvoiceListFilters = Partial<Omit<InvoiceListQuery, 'limit' | 'cursor'>>;

/** GET /v1/invoices: one page of invoices, latest issued first, with the totals per currency of all pages. */
export const getInvoices = (
  apiClient: ApiClient,
  filters: InvoiceListFilters,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<InvoicePage> => apiClient.call(invoiceEndpoints.list, { query: { ...filters, cursor }, signal });

export const getInvoicesQueryOptions = (apiClient: ApiClient, filters: InvoiceListFilters) =>
  infiniteQueryOptions({
    queryKey: [...invoicesQueryKey, 'list', filters],
    queryFn: ({ pageParam, signal }) => getInvoices(apiClient, filters, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

/** The invoices, page after page; the previous answer stays while other filters load. */
export const useInvoices = (filters: InvoiceListFilters) =>
  useInfiniteQuery({
    ...getInvoicesQueryOptions(useApiClient(), filters),
    placeholderData: keepPreviousData,
  });
