import type { SessionManager } from '@portals/api-client';
import type { PortalId } from '@portals/domain';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { SessionProvider } from '../lib/auth';
import { defaultPortalUrls } from '../lib/web-config';
import { Toaster } from './toaster';

export interface PortalIdentity {
  /** Which portal this is; the API words its emails (the password reset link) for it. */
  id: PortalId;
  /** As shown in the header and page titles. */
  productName: string;
}

const PortalIdentityContext = createContext<PortalIdentity | null>(null);
const PortalUrlsContext = createContext<Record<PortalId, string>>(defaultPortalUrls);

/** Which portal the page is part of. */
export const usePortalIdentity = (): PortalIdentity => {
  const identity = useContext(PortalIdentityContext);
  if (identity === null) throw new Error('usePortalIdentity must be used inside <AppProviders>');
  return identity;
};

/** The portal's name, as shown in the header and page titles. */
export const useProductName = (): string => usePortalIdentity().productName;

/** Where each portal is (the configuration's `portalUrls`), for links from one to the other. */
export const usePortalUrls = (): Record<PortalId, string> => useContext(PortalUrlsContext);

export interface AppProvidersProps extends PortalIdentity {
  /** The signed-in session; its API client is the one every page calls the API with. */
  session: SessionManager;
  queryClient: QueryClient;
  /** Where each portal is (the configuration's `portalUrls`); beside each other when not given. */
  portalUrls?: Record<PortalId, string>;
  children: ReactNode;
}

/** Everything a portal's pages rely on, outside the router. */
export function AppProviders({
  id,
  productName,
  session,
  queryClient,
  portalUrls = defaultPortalUrls,
  children,
}: AppProvidersProps) {
  const identity = useMemo(() => ({ id, productName }), [id, productName]);
  return (
    <PortalIdentityContext.Provider value={identity}>
      <PortalUrlsContext.Provider value={portalUrls}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider session={session}>
            <Toaster>{children}</Toaster>
          </SessionProvider>
        </QueryClientProvider>
      </PortalUrlsContext.Provider>
    </PortalIdentityContext.Provider>
  );
}
