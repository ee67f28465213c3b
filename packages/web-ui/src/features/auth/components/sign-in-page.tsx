import { isApiError, type SignOutReason } from '@portals/api-client';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { useProductName } from '../../../components/app-providers';
import { FormError } from '../../../components/form-error';
import { PageTitle } from '../../../components/page-title';
import { TextField } from '../../../components/text-field';
import { paths } from '../../../config/paths';
import { readSignInPageState, useSession, useSessionManager } from '../../../lib/auth';
import { formValue } from '../../../lib/form-value';
import { EmailField } from './email-field';
import { TwoFactorStep } from './two-factor-step';

const notices: Record<SignOutReason, string> = {
  'session-ended': 'Your session has ended. Please sign in again to continue.',
  'signed-out': 'You have signed out.',
  'signed-out-everywhere': 'You have signed out of all devices.',
};

interface MissingFields {
  email?: string;
  password?: string;
}

/** Email and password; afterwards, back to the page the person wanted, or home. */
export function SignInPage() {
  const productName = useProductName();
  const id = useId();
  const state = useSession();
  const session = useSessionManager();
  const redirect = readSignInPageState(useLocation().state);
  const signIn = useMutation({ mutationFn: session.signIn });
  const challenge = signIn.data?.twoFactorRequired ? signIn.data : null;
  const [missing, setMissing] = useState<MissingFields>({});

  if (state.status === 'signed-in') return <Navigate to={redirect.from ?? paths.home} replace />;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = formValue(form, 'email').trim();
    const password = formValue(form, 'password');
    const nowMissing: MissingFields = {
      ...(email ? {} : { email: 'Enter your email address.' }),
      ...(password ? {} : { password: 'Enter your password.' }),
    };
    setMissing(nowMissing);
    if (nowMissing.email || nowMissing.password) return;
    signIn.mutate({ email, password });
  };

  const apiError = isApiError(signIn.error) ? signIn.error : null;
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
          <EmailField error={missing.email ?? apiError?.fieldError('body.email')} />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={missing.password ?? apiError?.fieldError('body.password')}
          />
          <div className="actions">
            <button className="button" type="submit" disabled={signIn.isPending}>
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </button>
            <Link to={paths.forgotPassword}>Forgot your password?</Link>
          </div>
        </form>
      )}
    </section>
  );
}
