import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ComponentType, ReactNode } from 'react';
import { createMemoryRouter, type RouteObject, RouterProvider } from 'react-router-dom';
import { vi } from 'vitest';

/** A query client that fails at once, so error states show without waiting for retries. */
export const createTestQueryClient = (): QueryClient =>
  new QueryClient({ defaultOptions: { queries: { retry: false } } });

export interface RenderRoutesOptions {
  /** The path the app opens at, inside its base path. */
  path?: string;
  wrapper?: ComponentType<{ children: ReactNode }>;
}

/**
 * Renders the app's own route table at `path`, in memory instead of the address bar.
 * Query the page through `screen`; the router is returned to follow navigations.
 */
export const renderRoutes = (
  routes: RouteObject[],
  { path = '/', wrapper }: RenderRoutesOptions = {},
): { router: ReturnType<typeof createMemoryRouter> } => {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(<RouterProvider router={router} />, { wrapper });
  return { router };
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
