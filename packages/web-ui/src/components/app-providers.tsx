import type { SessionManager } from '@portals/api-client';
import type { PortalId } from '@portals/domain';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { SessionProvider } from '../lib/auth';
import { Toaster } from './toaster';

export interface PortalIdentity {
  /** Which portal this is; the API words its emails (the password reset link) for it. */
  id: PortalId;
  /** As shown in the header and page titles. */
  productName: string;
}

const PortalIdentityContext = createContext<PortalIdentity | null>(null);

/** Which portal the page is part of. */
export const usePortalIdentity = (): PortalIdentity => {
  const identity = useContext(PortalIdentityContext);
  if (identity === null) throw new Error('usePortalIdentity must be used inside <AppProviders>');
  return identity;
};

/** The portal's name, as shown in the header and page titles. */
export const useProductName = (): string => usePortalIdentity().productName;

export interface AppProvidersProps extends PortalIdentity {
  /** The signed-in session; its API client is the one every page calls the API with. */
  session: SessionManager;
  queryClient: QueryClient;
  children: ReactNode;
}

/** Everything a portal's pages rely on, outside the router. */
export function AppProviders({ id, productName, session, queryClient, children }: AppProvidersProps) {
  const identity = useMemo(() => ({ id, productName }), [id, productName]);
  return (
    <PortalIdentityContext.Provider value={identity}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider session={session}>
          <Toaster>{children}</Toaster>
        </SessionProvider>
      </QueryClientProvider>
    </PortalIdentityContext.Provider>
  );
}
