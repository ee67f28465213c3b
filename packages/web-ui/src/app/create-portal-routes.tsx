import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { AppShell, type NavItem } from '../components/app-shell';
import { ErrorPage } from '../components/error-page';
import { NotFoundPage } from '../components/not-found-page';
import { SignInPage } from '../components/sign-in-page';

export const signInPath = '/sign-in';

export interface PortalRoutesOptions {
  /** The portal's own navigation, starting with its home page; "Sign in" follows them. */
  navItems: readonly NavItem[];
  /** The page at the portal's base path. */
  home: ReactNode;
  /** The portal's own pages, beside home, sign-in and not-found. */
  pages?: readonly RouteObject[];
}

/**
 * A portal's route table, for the browser router and the tests alike. The inner errorElement
 * keeps the header and navigation on screen when a page fails; the outer one catches the shell itself.
 */
export const createPortalRoutes = ({ navItems, home, pages = [] }: PortalRoutesOptions): RouteObject[] => [
  {
    path: '/',
    element: <AppShell navItems={[...navItems, { to: signInPath, label: 'Sign in' }]} />,
    errorElement: <ErrorPage />,
    children: [
      {
        errorElement: <ErrorPage />,
        children: [
          { index: true, element: home },
          ...pages,
          { path: signInPath, element: <SignInPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
