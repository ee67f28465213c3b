import { AppProviders } from '@portals/web-ui';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';

export const productName = 'Support Portal';

export function AppProvider({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <AppProviders productName={productName} queryClient={queryClient}>
      {children}
    </AppProviders>
  );
}
