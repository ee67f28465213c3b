import { AppShell, ErrorPage, type NavItem, NotFoundPage, SignInPage } from '@portals/web-ui';
import type { RouteObject } from 'react-router-dom';
import { HomeRoute } from './routes/home';

const navItems: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/sign-in', label: 'Sign in' },
];

/**
 * The route table, shared by the browser router and the tests. The inner errorElement keeps
 * the header and navigation on screen when a page fails; the outer one catches the shell itself.
 */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppShell navItems={navItems} />,
    errorElement: <ErrorPage />,
    children: [
      {
        errorElement: <ErrorPage />,
        children: [
          { index: true, element: <HomeRoute /> },
          { path: 'sign-in', element: <SignInPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
