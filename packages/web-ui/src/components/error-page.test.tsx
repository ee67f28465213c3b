import { ApiError } from '@portals/api-client';
import { screen } from '@testing-library/react';
import type { RouteObject } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../testing';
import { ErrorPage } from './error-page';

const productName = 'Test Portal';

const routesFailingWith = (error: unknown): RouteObject[] => [
  {
    path: '/',
    errorElement: <ErrorPage />,
    hydrateFallbackElement: <p>Loading…</p>,
    loader: () => {
      throw error;
    },
    element: <p>never shown</p>,
  },
];

describe('ErrorPage', () => {
  it('shows what the API said and the request id to quote to support', async () => {
    const error = new ApiError({
      kind: 'problem',
      status: 503,
      code: 'service_unavailable',
      title: 'Service unavailable',
      detail: 'The database is not reachable.',
      requestId: 'req-9f2',
    });

    renderPortal({ id: 'support', productName, routes: routesFailingWith(error) });

    expect(await screen.findByRole('heading', { name: 'Something went wrong' })).toBeDefined();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Service unavailable');
    expect(alert.textContent).toContain('The database is not reachable.');
    expect(alert.textContent).toContain('req-9f2');
    expect(screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
  });

  it('shows a friendly message without internals for any other error', async () => {
    renderPortal({
      id: 'support',
      productName,
      routes: routesFailingWith(new Error('Cannot read properties of undefined (reading "x")')),
    });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('unexpected error');
    expect(alert.textContent).not.toContain('Cannot read properties');
    expect(alert.textContent).not.toContain('request id');
  });

  it('shows the not-found page when the router finds no route', async () => {
    renderPortal(
      {
        id: 'support',
        productName,
        routes: [{ path: '/', errorElement: <ErrorPage />, element: <p>home</p> }],
      },
      { path: '/no/such/page' },
    );

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeDefined();
    expect(document.title).toBe('Page not found · Test Portal');
  });
});
