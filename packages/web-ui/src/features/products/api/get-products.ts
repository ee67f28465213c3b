import type { ApiClient } from '@portals/api-client';
import { productEndpoints } from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

/**
 * GET /v1/products: the vendor's products with their components and versions, to file a ticket against,
 * move a ticket to, or aim an alert at. One query, shared by every page that needs the catalogue.
 */
export const getProducts = (apiClient: ApiClient, { signal }: { signal?: AbortSignal } = {}) =>
  apiClient.call(productEndpoints.list, { signal });

export const productsQueryKey = ['products'] as const;

export const getProductsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: productsQueryKey,
    queryFn: ({ signal }) => getProducts(apiClient, { signal }),
    // The catalogue changes rarely: no need to ask again while the page is open.
    staleTime: 10 * 60_000,
  });

export const useProducts = () => useQuery(getProductsQueryOptions(useApiClient()));
