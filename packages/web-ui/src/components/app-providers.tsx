import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';

const ProductNameContext = createContext<string | null>(null);

/** The portal's name, as shown in the header and page titles. */
export const useProductName = (): string => {
  const productName = useContext(ProductNameContext);
  if (productName === null) throw new Error('useProductName must be used inside <AppProviders>');
  return productName;
};

export interface AppProvidersProps {
  productName: string;
  queryClient: QueryClient;
  children: ReactNode;
}

/** Everything a portal's pages rely on, outside the router. */
export function AppProviders({ productName, queryClient, children }: AppProvidersProps) {
  return (
    <ProductNameContext.Provider value={productName}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ProductNameContext.Provider>
  );
}
