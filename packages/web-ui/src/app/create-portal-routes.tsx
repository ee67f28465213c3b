import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { ErrorPage } from '../components/error-page';
import { NotFoundPage } from '../components/not-found-page';
import { paths } from '../config/paths';
import type { PageAccess } from '../lib/auth';
import { lazyPage, PageErrorPage, type PageLoader, pageElement } from './lazy-page';
import { PortalLayout } from './portal-layout';
import { RequireAccess } from './require-access';

export interface PortalPage {
  /** Below the portal's base path, for example `subscriptions`. */
  path: string;
  /** The page's code, loaded when the page is first opened and only by those who may open it. */
  load: PageLoader;
  /** Who may open it; the others are sent to sign in, or told it is not for them. */
  access: PageAccess;
  /** Listed in the navigation under this label, to those who may open it. */
  navLabel?: string;
  /** Beside the label in the navigation (what waits there), rendered only for those who may open it. */
  navBadge?: ReactNode;
  /** Says why the page is not for someone signed in without its access, instead of the general words. */
  forbiddenMessage?: string;
}

export interface PortalRoutesOptions {
  /** The page at the portal's base path, open to everyone, first in the navigation. */
  home: { label: string; load: PageLoader };
  /** The portal's own pages, beside home, the sign-in pages, the account pages and not-found. */
  pages?: readonly PortalPage[];
  /** Shown above every page once signed in, e.g. the alerts banner. */
  banner?: ReactNode;
}

// The shell's own pages, each a chunk of its own like the portals' pages.
const SignInPage = lazyPage(() =>
  import('../features/auth/components/sign-in-page').then((module) => module.SignInPage),
);
const ForgotPasswordPage = lazyPage(() =>
  import('../features/auth/components/forgot-password-page').then((module) => module.ForgotPasswordPage),
);
const SetPasswordPage = lazyPage(() =>
  import('../features/auth/components/set-password-page').then((module) => module.SetPasswordPage),
);
const AccountPage = lazyPage(() => import('./routes/account').then((module) => module.AccountRoute));
const ApiTokensPage = lazyPage(() =>
  import('../features/api-tokens/components/api-tokens-page').then((module) => module.ApiTokensPage),
);

/**
 * A portal's route table, for the browser router and the tests alike. Every page is loaded lazily, so
 * the first page fetches the shell and itself only (see `lazyPage`). The inner errorElement keeps the
 * header and navigation on screen when a page fails (or its code cannot be fetched); the outer one
 * catches the shell itself.
 */
export const createPortalRoutes = ({ home, pages = [], banner }: PortalRoutesOptions): RouteObject[] => {
  const Home = lazyPage(home.load);
  const portalPages = pages.map((page) => ({ ...page, Page: lazyPage(page.load) }));
  return [
    {
      path: '/',
      element: (
        <PortalLayout
          banner={banner}
          navItems={[
            { to: paths.home, label: home.label, end: true, access: 'public' },
            ...pages.flatMap((page) =>
              page.navLabel
                ? [{ to: `/${page.path}`, label: page.navLabel, badge: page.navBadge, access: page.access }]
                : [],
            ),
            { to: paths.signIn, label: 'Sign in', access: 'signed-out' },
          ]}
        />
      ),
      errorElement: <ErrorPage />,
      children: [
        {
          errorElement: <PageErrorPage />,
          children: [
            { index: true, element: pageElement(Home) },
            ...portalPages.map(({ path, access, forbiddenMessage, Page }) => ({
              path,
              element: (
                <RequireAccess access={access} forbiddenMessage={forbiddenMessage}>
                  {pageElement(Page)}
                </RequireAccess>
              ),
            })),
            { path: paths.signIn, element: pageElement(SignInPage) },
            { path: paths.forgotPassword, element: pageElement(ForgotPasswordPage) },
            { path: paths.setPassword, element: pageElement(SetPasswordPage) },
            {
              path: paths.account,
              element: <RequireAccess access="signed-in">{pageElement(AccountPage)}</RequireAccess>,
            },
            {
              path: paths.apiTokens,
              element: <RequireAccess access="signed-in">{pageElement(ApiTokensPage)}</RequireAccess>,
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ];
};
