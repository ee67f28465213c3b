import { createSessionManager } from '@portals/api-client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, type RouteObject, RouterProvider } from 'react-router-dom';
import { AppProviders, type PortalIdentity } from '../components/app-providers';
import { createQueryClient } from '../lib/create-query-client';
import type { WebConfig } from '../lib/web-config';

/** What one portal is made of: which it is, its name and its route table (see `createPortalRoutes`). */
export interface Portal extends PortalIdentity {
  routes: RouteObject[];
}

/** Renders `portal` into the page's `#root`, routing under the base path and calling the configured API. */
export const startPortal = (portal: Portal, config: WebConfig): void => {
  const rootElement = document.getElementById('root');
  if (!rootElement) throw new Error('index.html has no element with id "root"');

  const router = createBrowserRouter(portal.routes, { basename: config.basePath });
  const session = createSessionManager({ baseUrl: config.apiBaseUrl });
  // Outside React, so StrictMode's doubled effects cannot present the refresh cookie twice.
  void session.restore();
  const queryClient = createQueryClient();

  createRoot(rootElement).render(
    <StrictMode>
      <AppProviders
        id={portal.id}
        productName={portal.productName}
        session={session}
        queryClient={queryClient}
        portalUrls={config.portalUrls}
      >
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  );
};
