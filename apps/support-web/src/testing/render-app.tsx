import { createTestQueryClient, renderRoutes } from '@portals/web-ui/testing';
import type { ReactNode } from 'react';
import { AppProvider } from '../app/provider';
import { routes } from '../app/routes';

/** Renders the whole app at `path` (inside its base path) with a fresh query cache. */
export const renderApp = (path = '/') => {
  const queryClient = createTestQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AppProvider queryClient={queryClient}>{children}</AppProvider>
  );
  return renderRoutes(routes, { path, wrapper });
};
