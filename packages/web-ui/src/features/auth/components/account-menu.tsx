import type { Me } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Button } from '../../../components/button';
import { paths } from '../../../config/paths';
import { useSessionManager } from '../../../lib/auth';

/** The header's account area: who is signed in (a link to their account) and "Sign out". */
export function AccountMenu({ me }: { me: Me }) {
  const session = useSessionManager();
  const signOut = useMutation({ mutationFn: session.signOut });
  return (
    <div className="account-menu">
      <Link className="account-name" to={paths.account} title="Your account">
        {me.name}
      </Link>
      <Button
        variant="secondary"
        busy={signOut.isPending}
        busyLabel="Signing out…"
        onClick={() => signOut.mutate()}
      >
        Sign out
      </Button>
      {signOut.isError ? (
        <p className="account-menu-error" role="alert">
          You are still signed in: the server could not be reached. Try again.
        </p>
      ) : null}
    </div>
  );
}
