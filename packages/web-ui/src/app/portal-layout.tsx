import { type ReactNode, useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { AppShell, type NavItem } from '../components/app-shell';
import { paths } from '../config/paths';
import { AccountMenu } from '../features/auth/components/account-menu';
import { TwoFactorRequiredBanner } from '../features/two-factor/components/two-factor-required-banner';
import { mayOpen, type PageAccess, type SignInPageState, useSession, useSessionManager } from '../lib/auth';

export interface PortalNavItem extends NavItem {
  /** Who sees the item; `signed-out` is for "Sign in". */
  access: PageAccess | 'signed-out';
}

/**
 * The shell around every page, aware of the session: a brief loading state while the session is
 * restored on start, navigation limited to what the person may open, and, when the session ends
 * or the person signs out, the sign-in page with the reason.
 */
export function PortalLayout({
  navItems,
  banner = null,
}: {
  navItems: readonly PortalNavItem[];
  /** Above every page once signed in (the portals' alerts). */
  banner?: ReactNode;
}) {
  const state = useSession();
  const session = useSessionManager();
  const location = useLocation();
  const onSignInPage = location.pathname === paths.signIn;
  const unannouncedSignOut = state.status === 'signed-out' ? state.reason : null;

  // Once the sign-in page shows the reason, leaving it must not lead back there.
  useEffect(() => {
    if (unannouncedSignOut !== null && onSignInPage) session.acknowledgeSignOut();
  }, [unannouncedSignOut, onSignInPage, session]);

  const visibleItems = navItems.filter((item) =>
    item.access === 'signed-out' ? state.status === 'signed-out' : mayOpen(state, item.access),
  );

  let content = <Outlet />;
  if (state.status === 'restoring') {
    content = (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  } else if (unannouncedSignOut !== null && !onSignInPage) {
    const { pathname, search, hash } = location;
    const signInState: SignInPageState = {
      notice: unannouncedSignOut,
      // After an involuntary end, signing in again leads back; after signing out, to home.
      ...(unannouncedSignOut === 'session-ended' ? { from: { pathname, search, hash } } : {}),
    };
    content = <Navigate to={paths.signIn} state={signInState} />;
  }

  return (
    <AppShell
      navItems={visibleItems}
      account={state.status === 'signed-in' ? <AccountMenu me={state.me} /> : null}
    >
      <TwoFactorRequiredBanner />
      {state.status === 'signed-in' ? banner : null}
      {content}
    </AppShell>
  );
}
