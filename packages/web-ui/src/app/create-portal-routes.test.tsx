import { defineEndpoint } from '@portals/domain';
import { useQuery } from '@tanstack/react-query';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ComponentType } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { useApiClient } from '../lib/auth';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testAccessToken,
  testMe,
  testSession,
  testStaffMe,
} from '../testing';
import { createPortalRoutes } from './create-portal-routes';

function WelcomeHome() {
  return <h1>Welcome home</h1>;
}

function BrokenPage(): never {
  throw new Error('Cannot read properties of undefined (reading "x")');
}

const getReport = defineEndpoint({
  method: 'GET',
  path: '/v1/report',
  response: { 200: z.object({ title: z.string() }) },
  access: { authenticated: true },
  tags: ['reports'],
  summary: 'A report',
});

/** A page that loads data as the signed-in person, like a portal's own pages do. */
function ReportPage() {
  const apiClient = useApiClient();
  const report = useQuery({
    queryKey: ['report'],
    queryFn: ({ signal }) => apiClient.call(getReport, { signal }),
  });
  return <h1>{report.data ? report.data.title : 'Loading the report…'}</h1>;
}

const portal = {
  id: 'support' as const,
  productName: 'Test Portal',
  routes: createPortalRoutes({
    home: { label: 'Home', load: async () => WelcomeHome },
    pages: [
      { path: 'broken', load: async () => BrokenPage, access: 'public', navLabel: 'Broken' },
      { path: 'report', load: async () => ReportPage, access: 'subscription:read:org', navLabel: 'Report' },
    ],
  }),
};

const navigationLinks = () =>
  within(screen.getByRole('navigation', { name: 'Main' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

const banner = () => within(screen.getByRole('banner'));

describe('createPortalRoutes, signed out', () => {
  it('shows a brief loading state while the session is restored, then home with only public pages and "Sign in"', async () => {
    renderPortal(portal);

    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome home' })).toBeDefined();
    expect(banner().getByRole('link', { name: 'Test Portal' })).toBeDefined();
    expect(navigationLinks()).toEqual(['Home', 'Broken', 'Sign in']);
    const navigation = screen.getByRole('navigation', { name: 'Main' });
    expect(within(navigation).getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page');
  });

  it('leads from "Sign in" in the navigation to the sign-in form, marking it as the current page', async () => {
    renderPortal(portal);

    const navigation = await screen.findByRole('navigation', { name: 'Main' });
    fireEvent.click(await within(navigation).findByRole('link', { name: 'Sign in' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to the Test Portal' }),
    ).toBeDefined();
    expect(screen.getByLabelText('Email')).toBeDefined();
    expect(within(navigation).getByRole('link', { name: 'Sign in' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(within(navigation).getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBeNull();
  });

  it('sends a signed-out person from a protected page to sign in, and back there afterwards', async () => {
    const fetchMock = stubApi({
      'POST /v1/auth/sign-in': () => jsonResponse(testSession()),
      'GET /v1/report': () => jsonResponse({ title: 'The quarterly report' }),
    });
    const { router } = renderPortal(portal, { path: '/report' });

    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(screen.queryByRole('status')).toBeNull();
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'main@acme.example' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'portals-demo-2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'The quarterly report' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/report');
    expect(calledRoutes(fetchMock)).toEqual(['POST /v1/auth/sign-in', 'GET /v1/report']);
  });

  it('shows "Page not found" with a link home for an unknown path, keeping the header', async () => {
    renderPortal(portal, { path: '/no/such/page' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
    expect(banner().getByRole('link', { name: 'Test Portal' })).toBeDefined();
  });

  it('shows "Something went wrong" in place of a failing page, keeping the header and navigation', async () => {
    renderPortal(portal, { path: '/broken' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Something went wrong' })).toBeDefined();
    expect(screen.getByRole('alert').textContent).not.toContain('Cannot read properties');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeDefined();
  });

  it('keeps links inside the base path the portal is served under', async () => {
    renderPortal(portal, { basename: '/support', path: '/support/no/such/page' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/support');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/support/sign-in');
  });
});

describe('createPortalRoutes, signed in', () => {
  it('shows the person\'s name, "Sign out" and the pages their permissions open, without "Sign in"', async () => {
    renderPortal(portal, { session: createTestSession(testMe()) });

    expect(await banner().findByRole('link', { name: 'Maria Main' })).toBeDefined();
    expect(banner().getByRole('button', { name: 'Sign out' })).toBeDefined();
    expect(navigationLinks()).toEqual(['Home', 'Broken', 'Report']);
  });

  it('hides a page from someone without its permission, and tells them when they open it anyway', async () => {
    const fetchMock = stubApi({});
    renderPortal(portal, { session: createTestSession(testStaffMe()), path: '/report' });

    expect(await screen.findByRole('heading', { name: 'This page is not available to you' })).toBeDefined();
    expect(banner().getByRole('link', { name: 'Ada Admin' })).toBeDefined();
    expect(navigationLinks()).toEqual(['Home', 'Broken']);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends the access token, and renews it when the API refuses it, without the person noticing', async () => {
    const fetchMock = stubApi({
      'POST /v1/auth/refresh': () => jsonResponse(testSession(testMe(), 'renewed-token')),
      'GET /v1/report': ({ authorization }) =>
        authorization === 'Bearer renewed-token'
          ? jsonResponse({ title: 'The quarterly report' })
          : problemResponse(401, 'unauthenticated', 'The access token has expired'),
    });
    renderPortal(portal, { session: createTestSession(testMe()), path: '/report' });

    expect(await screen.findByRole('heading', { name: 'The quarterly report' })).toBeDefined();
    expect(calledRoutes(fetchMock)).toEqual(['GET /v1/report', 'POST /v1/auth/refresh', 'GET /v1/report']);
    expect(fetchMock.mock.calls[0]?.[1]?.headers).toMatchObject({
      authorization: `Bearer ${testAccessToken}`,
    });
  });

  it('signs out to the sign-in page with "Your session has ended" when the session cannot be renewed, and returns afterwards', async () => {
    let sessionEnded = true;
    stubApi({
      'POST /v1/auth/refresh': () =>
        problemResponse(401, 'unauthenticated', 'Your session has ended: sign in again'),
      'POST /v1/auth/sign-in': () => {
        sessionEnded = false;
        return jsonResponse(testSession(testMe(), 'new-token'));
      },
      'GET /v1/report': () =>
        sessionEnded
          ? problemResponse(401, 'unauthenticated', 'The access token has expired')
          : jsonResponse({ title: 'The quarterly report' }),
    });
    const { router } = renderPortal(portal, { session: createTestSession(testMe()), path: '/report' });

    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toContain('Your session has ended');
    expect(banner().queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(navigationLinks()).toEqual(['Home', 'Broken', 'Sign in']);

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'main@acme.example' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'portals-demo-2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'The quarterly report' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/report');
  });

  it('signs out to the sign-in page, after which protected pages send to sign-in again', async () => {
    const fetchMock = stubApi({
      'POST /v1/auth/sign-out': () => new Response(null, { status: 204 }),
      'GET /v1/report': () => jsonResponse({ title: 'The quarterly report' }),
    });
    const { router } = renderPortal(portal, { session: createTestSession(testMe()), path: '/report' });
    await screen.findByRole('heading', { name: 'The quarterly report' });

    fireEvent.click(banner().getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('You have signed out.');
    expect(calledRoutes(fetchMock)).toEqual(['GET /v1/report', 'POST /v1/auth/sign-out']);

    await router.navigate(-1);
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    // Leaving the sign-in page no longer leads back to it.
    fireEvent.click(screen.getByRole('link', { name: 'Home' }));
    expect(await screen.findByRole('heading', { name: 'Welcome home' })).toBeDefined();
  });

  it('says so and stays signed in when signing out cannot reach the API', async () => {
    stubApi({
      'POST /v1/auth/sign-out': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    renderPortal(portal, { session: createTestSession(testMe()) });

    fireEvent.click(await banner().findByRole('button', { name: 'Sign out' }));

    expect((await screen.findByRole('alert')).textContent).toContain('You are still signed in');
    expect(banner().getByRole('link', { name: 'Maria Main' })).toBeDefined();
  });
});

describe('createPortalRoutes, loading each page when it is first opened', () => {
  const withPages = (...pages: Parameters<typeof createPortalRoutes>[0]['pages'] & {}) => ({
    ...portal,
    routes: createPortalRoutes({ home: { label: 'Home', load: async () => WelcomeHome }, pages }),
  });

  it('says "Loading the page…" as a status while the page\'s code arrives, then shows the page', async () => {
    let deliver: (page: ComponentType) => void = () => {};
    const load = () =>
      new Promise<ComponentType>((resolve) => {
        deliver = resolve;
      });
    renderPortal(withPages({ path: 'slow', load, access: 'public', navLabel: 'Slow' }), { path: '/slow' });

    const loading = await screen.findByText('Loading the page…');
    expect(loading.getAttribute('role')).toBe('status');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeDefined();

    act(() => deliver(() => <h1>The slow page</h1>));
    expect(await screen.findByRole('heading', { level: 1, name: 'The slow page' })).toBeDefined();
    expect(screen.queryByText('Loading the page…')).toBeNull();
  });

  it("offers a reload, keeping the header and navigation, when the page's code cannot be fetched", async () => {
    const load = () =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/x.js'));
    renderPortal(withPages({ path: 'unreachable', load, access: 'public', navLabel: 'Unreachable' }), {
      path: '/unreachable',
    });

    expect(
      await screen.findByRole('heading', { level: 1, name: 'This page could not be loaded' }),
    ).toBeDefined();
    expect(screen.getByRole('alert').textContent).not.toContain('Failed to fetch');
    expect(screen.getByRole('button', { name: 'Reload the page' })).toBeDefined();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeDefined();
  });

  it("fetches a protected page's code only for someone who may open it", async () => {
    const load = vi.fn(async () => () => <h1>The report</h1>);
    const reportPortal = withPages({
      path: 'report',
      load,
      access: 'subscription:read:org',
      navLabel: 'Report',
    });

    renderPortal(reportPortal, { path: '/report' });
    expect(await screen.findByRole('heading', { name: 'Sign in to the Test Portal' })).toBeDefined();
    expect(load).not.toHaveBeenCalled();

    cleanup();
    renderPortal(reportPortal, { session: createTestSession(testMe()), path: '/report' });
    expect(await screen.findByRole('heading', { name: 'The report' })).toBeDefined();
    expect(load).toHaveBeenCalledOnce();
  });
});
