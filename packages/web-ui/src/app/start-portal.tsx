import { createApiClient } from '@portals/api-client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, type RouteObject, RouterProvider } from 'react-router-dom';
import { AppProviders } from '../components/app-providers';
import { createQueryClient } from '../lib/create-query-client';
import type { WebConfig } from '../lib/web-config';

/** What one portal is made of: its name and its route table (see `createPortalRoutes`). */
export interface Portal {
  productName: string;
  routes: RouteObject[];
}

/** Renders `portal` into the page's `#root`, routing under the base path and calling the configured API. */
export const startPortal = (portal: Portal, config: WebConfig): void => {
  const rootElement = document.getElementById('root');
  if (!rootElement) throw new Error('index.html has no element with id "root"');

  const router = createBrowserRouter(portal.routes, { basename: config.basePath });
  const apiClient = createApiClient({ baseUrl: config.apiBaseUrl });
  const queryClient = createQueryClient();

  createRoot(rootElement).render(
    <StrictMode>
      <AppProviders productName={portal.productName} apiClient={apiClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  );
};
