import type { ApiClient } from '@portals/api-client';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';

const ProductNameContext = createContext<string | null>(null);
const ApiClientContext = createContext<ApiClient | null>(null);

/** The portal's name, as shown in the header and page titles. */
export const useProductName = (): string => {
  const productName = useContext(ProductNameContext);
  if (productName === null) throw new Error('useProductName must be used inside <AppProviders>');
  return productName;
};

/** The portal's API client, for the hooks of features shared by both portals. */
export const useApiClient = (): ApiClient => {
  const apiClient = useContext(ApiClientContext);
  if (apiClient === null) throw new Error('useApiClient must be used inside <AppProviders>');
  return apiClient;
};

export interface AppProvidersProps {
  productName: string;
  apiClient: ApiClient;
  queryClient: QueryClient;
  children: ReactNode;
}

/** Everything a portal's pages rely on, outside the router. */
export function AppProviders({ productName, apiClient, queryClient, children }: AppProvidersProps) {
  return (
    <ProductNameContext.Provider value={productName}>
      <ApiClientContext.Provider value={apiClient}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </ApiClientContext.Provider>
    </ProductNameContext.Provider>
  );
}
