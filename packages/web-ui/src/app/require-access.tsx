import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ForbiddenPage } from '../components/forbidden-page';
import { paths } from '../config/paths';
import { mayOpen, type PageAccess, type SignInPageState, useSession } from '../lib/auth';

/**
 * Shows `children` to whoever may open the page. Signed-out people go to sign-in, which brings
 * them back; signed-in people without the permission are told they cannot open it.
 */
export function RequireAccess({
  access,
  forbiddenMessage,
  children,
}: {
  access: PageAccess;
  /** Why this page is not for them, when the page can say better than the general words. */
  forbiddenMessage?: string | undefined;
  children: ReactNode;
}) {
  const state = useSession();
  const location = useLocation();
  if (mayOpen(state, access)) return children;
  if (state.status === 'restoring') return null;
  if (state.status === 'signed-out') {
    const { pathname, search, hash } = location;
    const signInState: SignInPageState = { from: { pathname, search, hash } };
    return <Navigate to={paths.signIn} replace state={signInState} />;
  }
  return <ForbiddenPage message={forbiddenMessage} />;
}
