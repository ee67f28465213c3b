import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { ErrorPage } from '../components/error-page';
import { NotFoundPage } from '../components/not-found-page';
import { paths } from '../config/paths';
import { ApiTokensCard } from '../features/api-tokens/components/api-tokens-card';
import { ApiTokensPage } from '../features/api-tokens/components/api-tokens-page';
import { AccountPage } from '../features/auth/components/account-page';
import { ForgotPasswordPage } from '../features/auth/components/forgot-password-page';
import { SetPasswordPage } from '../features/auth/components/set-password-page';
import { SignInPage } from '../features/auth/components/sign-in-page';
import { EmailPreferencesCard } from '../features/email-preferences/components/email-preferences-card';
import { TwoFactorCard } from '../features/two-factor/components/two-factor-card';
import type { PageAccess } from '../lib/auth';
import { PortalLayout } from './portal-layout';
import { RequireAccess } from './require-access';

export interface PortalPage {
  /** Below the portal's base path, for example `subscriptions`. */
  path: string;
  element: ReactNode;
  /** Who may open it; the others are sent to sign in, or told it is not for them. */
  access: PageAccess;
  /** Listed in the navigation under this label, to those who may open it. */
  navLabel?: string;
}

export interface PortalRoutesOptions {
  /** The page at the portal's base path, open to everyone, first in the navigation. */
  home: { label: string; element: ReactNode };
  /** The portal's own pages, beside home, the sign-in pages, the account pages and not-found. */
  pages?: readonly PortalPage[];
}

/**
 * A portal's route table, for the browser router and the tests alike. The inner errorElement
 * keeps the header and navigation on screen when a page fails; the outer one catches the shell itself.
 */
export const createPortalRoutes = ({ home, pages = [] }: PortalRoutesOptions): RouteObject[] => [
  {
    path: '/',
    element: (
      <PortalLayout
        navItems={[
          { to: paths.home, label: home.label, end: true, access: 'public' },
          ...pages.flatMap((page) =>
            page.navLabel ? [{ to: `/${page.path}`, label: page.navLabel, access: page.access }] : [],
          ),
          { to: paths.signIn, label: 'Sign in', access: 'signed-out' },
        ]}
      />
    ),
    errorElement: <ErrorPage />,
    children: [
      {
        errorElement: <ErrorPage />,
        children: [
          { index: true, element: home.element },
          ...pages.map((page) => ({
            path: page.path,
            element: <RequireAccess access={page.access}>{page.element}</RequireAccess>,
          })),
          { path: paths.signIn, element: <SignInPage /> },
          { path: paths.forgotPassword, element: <ForgotPasswordPage /> },
          { path: paths.setPassword, element: <SetPasswordPage /> },
          {
            path: paths.account,
            element: (
              <RequireAccess access="signed-in">
                <AccountPage>
                  <TwoFactorCard />
                  <EmailPreferencesCard />
                  <ApiTokensCard />
                </AccountPage>
              </RequireAccess>
            ),
          },
          {
            path: paths.apiTokens,
            element: (
              <RequireAccess access="signed-in">
                <ApiTokensPage />
              </RequireAccess>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
