import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { Button } from '../../../components/button';
import { FormError } from '../../../components/form-error';
import { PageTitle } from '../../../components/page-title';
import { useMe, useSessionManager } from '../../../lib/auth';
import { roleLabels } from '../../../lib/role-labels';
import { tierLabels } from '../../../lib/tier-labels';

/**
 * Who is signed in, the `children` sections other features add (two-factor sign-in, API tokens), and
 * signing out of every device. Only for signed-in people (see `RequireAccess`).
 */
export function AccountPage({ children }: { children?: ReactNode }) {
  const me = useMe();
  const session = useSessionManager();
  const everywhereId = useId();
  const signOutEverywhere = useMutation({ mutationFn: session.signOutEverywhere });
  if (me === null) return null;

  const roles = [...me.contactRoles, ...me.staffRoles].map((role) => roleLabels[role]);
  return (
    <section className="page">
      <PageTitle>Your account</PageTitle>
      <h1>Your account</h1>
      <section className="card" aria-label="Your details">
        <dl className="details">
          <dt>Name</dt>
          <dd>{me.name}</dd>
          <dt>Email</dt>
          <dd>{me.email}</dd>
          <dt>{roles.length === 1 ? 'Role' : 'Roles'}</dt>
          <dd>{roles.length > 0 ? roles.join(', ') : 'None'}</dd>
          {me.tier ? (
            <>
              <dt>Subscription tier</dt>
              <dd>{tierLabels[me.tier]}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {children}
      <section className="card" aria-labelledby={everywhereId}>
        <h2 id={everywhereId}>Sign out of all devices</h2>
        <p>
          Ends every session of your account: in this browser and on every other computer or phone where you
          are signed in. Use it if you signed in on a device you no longer use, or think someone else might be
          using your account.
        </p>
        {signOutEverywhere.isError ? <FormError error={signOutEverywhere.error} /> : null}
        <Button
          busy={signOutEverywhere.isPending}
          busyLabel="Signing out…"
          onClick={() => signOutEverywhere.mutate()}
        >
          Sign out of all devices
        </Button>
      </section>
    </section>
  );
}
