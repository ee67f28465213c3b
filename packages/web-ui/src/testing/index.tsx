import { type ApiClient, createApiClient } from '@portals/api-client';
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ComponentType, ReactNode } from 'react';
import { createMemoryRouter, type RouteObject, RouterProvider } from 'react-router-dom';
import { vi } from 'vitest';
import type { Portal } from '../app/start-portal';
import { AppProviders } from '../components/app-providers';

/** A query client that fails at once, so error states show without waiting for retries. */
export const createTestQueryClient = (): QueryClient =>
  new QueryClient({ defaultOptions: { queries: { retry: false } } });

export interface RenderRoutesOptions {
  /** The path the app opens at, including the base path when there is one. */
  path?: string;
  /** The router's base path, as `startPortal` sets it from the config. */
  basename?: string;
  wrapper?: ComponentType<{ children: ReactNode }>;
}

/**
 * Renders the app's own route table at `path`, in memory instead of the address bar.
 * Query the page through `screen`; the router is returned to follow navigations.
 */
export const renderRoutes = (
  routes: RouteObject[],
  { path = '/', basename, wrapper }: RenderRoutesOptions = {},
): { router: ReturnType<typeof createMemoryRouter> } => {
  const router = createMemoryRouter(routes, { initialEntries: [path], ...(basename ? { basename } : {}) });
  render(<RouterProvider router={router} />, { wrapper });
  return { router };
};

export interface RenderPortalOptions extends Omit<RenderRoutesOptions, 'wrapper'> {
  /** Defaults to a same-origin client, which calls the stubbed global `fetch`. */
  apiClient?: ApiClient;
}

/**
 * Renders a portal as `startPortal` does, but in memory and with a fresh query cache
 * that does not retry: its providers, then its routes at `path`.
 */
export const renderPortal = (
  { productName, routes }: Portal,
  { apiClient = createApiClient({ baseUrl: '' }), ...options }: RenderPortalOptions = {},
) => {
  const queryClient = createTestQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AppProviders productName={productName} apiClient={apiClient} queryClient={queryClient}>
      {children}
    </AppProviders>
  );
  return renderRoutes(routes, { ...options, wrapper });
};

export const jsonResponse = (body: unknown, init: ResponseInit = {}): Response =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });

/** Replaces `fetch` for one test (the vitest configs restore globals after each test). */
export const stubFetch = (answer: (url: string, init?: RequestInit) => Response | Promise<Response>) => {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) =>
    answer(input instanceof Request ? input.url : String(input), init),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
};
