import type { SignOutReason } from '@portals/api-client';
import { SignInRequest } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { useProductName } from '../../../components/app-providers';
import { Button } from '../../../components/button';
import { FormError } from '../../../components/form-error';
import { TextField } from '../../../components/form-fields';
import { PageTitle } from '../../../components/page-title';
import { setServerFieldErrors, useZodForm } from '../../../components/use-zod-form';
import { paths } from '../../../config/paths';
import { readSignInPageState, useSession, useSessionManager } from '../../../lib/auth';
import { EmailField, emailMessage } from './email-field';
import { TwoFactorStep } from './two-factor-step';

const notices: Record<SignOutReason, string> = {
  'session-ended': 'Your session has ended. Please sign in again to continue.',
  'signed-out': 'You have signed out.',
  'signed-out-everywhere': 'You have signed out of all devices.',
};

/** Email and password; afterwards, back to the page the person wanted, or home. */
export function SignInPage() {
  const productName = useProductName();
  const id = useId();
  const state = useSession();
  const session = useSessionManager();
  const redirect = readSignInPageState(useLocation().state);
  const signIn = useMutation({ mutationFn: session.signIn });
  const challenge = signIn.data?.twoFactorRequired ? signIn.data : null;
  const form = useZodForm(
    SignInRequest,
    { email: '', password: '' },
    { messages: { email: emailMessage, password: 'Enter your password.' } },
  );

  if (state.status === 'signed-in') return <Navigate to={redirect.from ?? paths.home} replace />;

  const handleSubmit = form.handleSubmit((request) =>
    signIn.mutate(request, { onError: (error) => setServerFieldErrors(form, error) }),
  );

  // Once the password is through, why the page showed no longer matters.
  const notice = redirect.notice && !challenge ? notices[redirect.notice] : null;
  return (
    <section className="page page-narrow" aria-labelledby={`${id}-heading`}>
      <PageTitle>Sign in</PageTitle>
      <h1 id={`${id}-heading`}>Sign in to the {productName}</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {signIn.isError ? <FormError error={signIn.error} /> : null}
      {challenge ? (
        <TwoFactorStep challengeToken={challenge.challengeToken} onStartOver={() => signIn.reset()} />
      ) : (
        <form className="form" noValidate onSubmit={handleSubmit}>
          <EmailField control={form.control} />
          <TextField
            control={form.control}
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
          />
          <div className="actions">
            <Button type="submit" busy={signIn.isPending} busyLabel="Signing in…">
              Sign in
            </Button>
            <Link to={paths.forgotPassword}>Forgot your password?</Link>
          </div>
        </form>
      )}
    </section>
  );
}
