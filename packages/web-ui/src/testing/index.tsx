import { createSessionManager, type SessionManager } from '@portals/api-client';
import { testSession } from '@portals/api-client/testing';
import { ContactOverview, type Me, type PortalId, StaffOverview, type Subscription } from '@portals/domain';
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

export { testAccessToken, testMe, testSession, testStaffMe } from '@portals/api-client/testing';

/** A subscription of the test organization (see `testMe`): premium, 12 servers, in euros, active. */
export const testSubscription = (overrides: Partial<Subscription> = {}): Subscription => ({
  id: '3f6c1a2b-4d5e-4f70-8a9b-0c1d2e3f4a5b',
  organizationId: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f',
  tier: 'premium',
  servers: 12,
  termStart: '2026-01-01',
  termEnd: '2026-12-31',
  renewalDate: '2026-12-31',
  status: 'active',
  currency: 'EUR',
  services: [],
  ...overrides,
});

/**
 * The overview of Maria, main contact of Acme Cloud (see `testMe`): a premium subscription, every seat in
 * use, 3 open tickets of which 1 waits on the customer, 1 pending contact request and 1 active alert.
 */
export const testContactOverview = (overrides: Partial<ContactOverview> = {}): ContactOverview =>
  ContactOverview.parse({
    organization: { id: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f', name: 'Acme Cloud', kind: 'customer' },
    subscriptions: {
      items: [
        {
          id: '3f6c1a2b-4d5e-4f70-8a9b-0c1d2e3f4a5b',
          tier: 'premium',
          servers: 40,
          status: 'active',
          renewalDate: '2026-12-31',
        },
      ],
      total: 1,
      link: { portal: 'subscriber', path: '/subscriptions' },
    },
    seats: {
      use: { included: 2, additional: 1, inUse: 3, available: 0 },
      link: { portal: 'subscriber', path: '/contacts' },
    },
    tickets: {
      open: {
        count: 3,
        capped: false,
        link: { portal: 'support', path: '/tickets?status=new,open,pending_customer,on_hold' },
      },
      waitingOnCustomer: {
        count: 1,
        capped: false,
        link: { portal: 'support', path: '/tickets?status=pending_customer' },
      },
    },
    pendingContactRequests: { count: 1, capped: false, link: { portal: 'subscriber', path: '/contacts' } },
    invoices: {
      due: [{ currency: 'EUR', dueMinor: 425_000, overdueMinor: 297_000 }],
      overdue: { count: 1, capped: false, link: { portal: 'subscriber', path: '/invoices?overdue=true' } },
      link: { portal: 'subscriber', path: '/invoices' },
    },
    alerts: {
      active: 1,
      capped: false,
      latest: [
        {
          id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          kind: 'maintenance',
          title: 'Marketplace maintenance this Saturday',
          publishedAt: '2026-05-01T08:00:00.000Z',
        },
      ],
      link: { portal: null, path: '/alerts' },
    },
    ...overrides,
  });

/** An account manager's queues: 3 unassigned tickets, 2 theirs, 2 requests to decide, 4 renewals this month. */
export const testStaffOverview = (overrides: Partial<StaffOverview> = {}): StaffOverview =>
  StaffOverview.parse({
    unassignedTickets: {
      count: 3,
      capped: false,
      link: { portal: 'support', path: '/staff/queue?view=unassigned' },
    },
    assignedToMe: { count: 2, capped: false, link: { portal: 'support', path: '/staff/queue?view=mine' } },
    contactRequestsToDecide: {
      count: 2,
      capped: false,
      link: { portal: 'subscriber', path: '/back-office/contact-requests' },
    },
    renewalsThisMonth: {
      count: 4,
      capped: false,
      organizations: 3,
      through: '2026-05-31',
      link: { portal: 'subscriber', path: '/back-office/organizations?renewalWithinDays=12' },
    },
    // Account managers keep no books.
    overdueInvoices: null,
    ...overrides,
  });

export const jsonResponse = (body: unknown, init: ResponseInit = {}): Response =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });

export const problemResponse = (
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Response =>
  new Response(
    JSON.stringify({
      type: `https://portals.example/problems/${code}`,
      title: 'Problem',
      status,
      code,
      detail,
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

const testSessions = new Set<SessionManager>();

/**
 * A session manager as the portal starts with, already restoring: signed in as `me`, or signed
 * out when `me` is null. Only that first refresh is answered here; every later call goes to the
 * global `fetch`, which the test stubs.
 */
export const createTestSession = (me: Me | null = null): SessionManager => {
  let restored = false;
  const session = createSessionManager({
    baseUrl: '',
    lock: null,
    fetch: async (input, init) => {
      if (!restored && String(input).endsWith('/v1/auth/refresh')) {
        restored = true;
        return me
          ? jsonResponse(testSession(me))
          : problemResponse(401, 'unauthenticated', 'Your session has ended: sign in again');
      }
      return globalThis.fetch(input, init);
    },
  });
  testSessions.add(session);
  void session.restore();
  return session;
};

/** Stops the sessions' refresh timers (the shared test setup calls it after each test). */
export const disposeTestSessions = () => {
  for (const session of testSessions) session.dispose();
  testSessions.clear();
};

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
  /** Defaults to a signed-out session (`createTestSession()`), calling the stubbed global `fetch`. */
  session?: SessionManager;
  /** Where the portals are (the configuration's `portalUrls`); beside each other by default. */
  portalUrls?: Record<PortalId, string>;
}

/**
 * Renders a portal as `startPortal` does, but in memory and with a fresh query cache
 * that does not retry: its providers, then its routes at `path`.
 */
export const renderPortal = (
  { id, productName, routes }: Portal,
  { session = createTestSession(), portalUrls, ...options }: RenderPortalOptions = {},
) => {
  const queryClient = createTestQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AppProviders
      id={id}
      productName={productName}
      session={session}
      queryClient={queryClient}
      {...(portalUrls ? { portalUrls } : {})}
    >
      {children}
    </AppProviders>
  );
  return { ...renderRoutes(routes, { ...options, wrapper }), session, queryClient };
};

/** Replaces `fetch` for one test (the vitest configs restore globals after each test). */
export const stubFetch = (answer: (url: string, init?: RequestInit) => Response | Promise<Response>) => {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) =>
    answer(input instanceof Request ? input.url : String(input), init),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
};

export interface StubbedRequest {
  url: URL;
  init: RequestInit | undefined;
  /** The parsed JSON body, if any. */
  body: unknown;
  /** The `Authorization` header sent. */
  authorization: string | null;
}

/**
 * Replaces `fetch` with a fake API answering `METHOD /path` (for example `POST /v1/auth/sign-in`);
 * anything else gets a 404 problem. The returned mock records every call.
 */
export const stubApi = (answers: Record<string, (request: StubbedRequest) => Response | Promise<Response>>) =>
  stubFetch((url, init) => {
    const parsed = new URL(url, 'http://localhost');
    const route = `${init?.method ?? 'GET'} ${parsed.pathname}`;
    const answer = answers[route];
    if (!answer) return problemResponse(404, 'route_not_found', `No stubbed answer for ${route}`);
    return answer({
      url: parsed,
      init,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: new Headers(init?.headers).get('authorization'),
    });
  });

/** The routes (`METHOD /path`) the stubbed `fetch` was called with, in order. */
export const calledRoutes = (fetchMock: ReturnType<typeof stubFetch>): string[] =>
  fetchMock.mock.calls.map(([input, init]) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    return `${init?.method ?? 'GET'} ${url.pathname}`;
  });

/** What the account page reads for its own sections (details, signed-in devices), whatever else a test does there. */
export const accountPageReads = ['GET /v1/me/profile', 'GET /v1/me/sessions'] as const;

/** The routes called, less the account page's own reads: what a test of one of its sections sent. */
export const calledRoutesBeyondAccountReads = (fetchMock: ReturnType<typeof stubFetch>): string[] =>
  calledRoutes(fetchMock).filter((route) => !(accountPageReads as readonly string[]).includes(route));

/** The requests (`RequestInit`) sent to `route` (`METHOD /path`), in order. */
export const requestsTo = (fetchMock: ReturnType<typeof stubFetch>, route: string): RequestInit[] =>
  fetchMock.mock.calls.flatMap(([input, init]) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    return `${init?.method ?? 'GET'} ${url.pathname}` === route ? [init ?? {}] : [];
  });
