import type { ApiClient } from '@portals/api-client';
import { type ProductCatalogue, productEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/products: the vendor's catalogue, to choose an alert's products from. */
export const getProducts = (apiClient: ApiClient, signal?: AbortSignal): Promise<ProductCatalogue> =>
  apiClient.call(productEndpoints.list, { signal });

export const getProductsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: ['products'],
    queryFn: ({ signal }) => getProducts(apiClient, signal),
    staleTime: 10 * 60_000,
  });

export const useProducts = () => useQuery(getProductsQueryOptions(useApiClient()));
