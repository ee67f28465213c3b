import { isApiError } from '@portals/api-client';
import { NewPassword, SetPasswordRequest } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { z } from 'zod';
import { Button } from '../../../components/button';
import { FormError } from '../../../components/form-error';
import { TextField } from '../../../components/form-fields';
import { PageTitle } from '../../../components/page-title';
import { setServerFieldErrors, useZodForm } from '../../../components/use-zod-form';
import { paths } from '../../../config/paths';
import { useSession, useSessionManager } from '../../../lib/auth';
import { usePasswordLink } from '../api/inspect-password-link';
import { TwoFactorStep } from './two-factor-step';

const minimumLength = NewPassword.minLength ?? 12;
/**
 * The API's password rule, and the confirmation checked here first, so a mistyped confirmation never
 * uses up the one-time link.
 */
const SetPasswordForm = SetPasswordRequest.pick({ password: true })
  .extend({ confirmation: z.string() })
  .refine((value) => value.password === value.confirmation, {
    path: ['confirmation'],
    message: 'The two passwords do not match.',
  });

/** Why a link cannot be used, said before anyone types a password. */
const refusedLinkMessages = {
  used: 'This link was already used: each link sets a password once.',
  expired: 'This link has expired.',
  invalid: 'This link is not valid: it may be incomplete, or replaced by a newer one.',
} as const;

const lengthHint = `At least ${minimumLength} characters. A few unrelated words make a strong, memorable password.`;

/**
 * The page the invitation and reset emails link to: choose a password, and be signed in. An account
 * with two-factor sign-in then gives its code, as on the sign-in page, before any session.
 */
export function SetPasswordPage() {
  const id = useId();
  const token = useSearchParams()[0].get('token');
  const link = usePasswordLink(token);
  const state = useSession();
  const session = useSessionManager();
  const navigate = useNavigate();
  const setPassword = useMutation({
    mutationFn: session.setPassword,
    onSuccess: (outcome) => {
      if (!outcome.twoFactorRequired) navigate(paths.home, { replace: true });
    },
  });
  const challenge = setPassword.data?.twoFactorRequired ? setPassword.data : null;
  const form = useZodForm(
    SetPasswordForm,
    { password: '', confirmation: '' },
    { messages: { password: `Use at least ${minimumLength} characters.` } },
  );
  // The code step finished the sign-in.
  if (challenge && state.status === 'signed-in') return <Navigate to={paths.home} replace />;

  const handleSubmit = form.handleSubmit(({ password }) => {
    if (!token) return;
    setPassword.mutate({ token, password }, { onError: (error) => setServerFieldErrors(form, error) });
  });

  const apiError = isApiError(setPassword.error) ? setPassword.error : null;
  // Looked at on load: a link that cannot be used says so before any password is typed (once used here,
  // the answer given on load no longer matters).
  const usedHere = setPassword.isSuccess;
  const refusedOnLoad = !usedHere && link.data && link.data.status !== 'usable' ? link.data.status : null;
  // On use, the API refuses an expired, used or mangled link as a whole, or points at the token field.
  const linkRefused =
    refusedOnLoad !== null ||
    (apiError !== null &&
      (apiError.code === 'bad_request' || apiError.fieldError('body.token') !== undefined));
  const account = link.data?.status === 'usable' ? link.data : null;
  return (
    <section className="page page-narrow" aria-labelledby={`${id}-heading`}>
      <PageTitle>Choose a password</PageTitle>
      <h1 id={`${id}-heading`}>Choose a password</h1>
      {token ? null : (
        <div className="alert" role="alert">
          <p className="alert-summary">This link is incomplete: open the link from the email again.</p>
          <p>
            <Link to={paths.forgotPassword}>Ask for a new link</Link>
          </p>
        </div>
      )}
      {refusedOnLoad ? (
        <div className="alert" role="alert">
          <p className="alert-summary">{refusedLinkMessages[refusedOnLoad]}</p>
          <p>
            <Link to={paths.forgotPassword}>Ask for a new link</Link>
          </p>
        </div>
      ) : null}
      {token && link.isPending ? <p role="status">Checking the link…</p> : null}
      {account && !challenge ? (
        <p>
          For the account <strong>{account.email}</strong>
          {account.organizationName ? (
            <>
              {' '}
              of <strong>{account.organizationName}</strong>
            </>
          ) : null}
          .
        </p>
      ) : null}
      {challenge ? (
        <>
          <p className="notice" role="status">
            Your new password is set.
          </p>
          <TwoFactorStep
            challengeToken={challenge.challengeToken}
            // The password is set already: starting over is signing in with it.
            onStartOver={() => navigate(paths.signIn, { replace: true })}
          />
        </>
      ) : null}
      {setPassword.isError ? (
        <FormError error={setPassword.error}>
          {linkRefused ? (
            <p>
              <Link to={paths.forgotPassword}>Ask for a new link</Link>
            </p>
          ) : null}
        </FormError>
      ) : null}
      {token && !link.isPending && !linkRefused && !challenge ? (
        <form className="form" noValidate onSubmit={handleSubmit}>
          {account ? (
            // For password managers: the account the new password belongs to.
            <input
              type="email"
              name="username"
              autoComplete="username"
              value={account.email}
              readOnly
              hidden
            />
          ) : null}
          <TextField
            control={form.control}
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            hint={lengthHint}
          />
          <TextField
            control={form.control}
            name="confirmation"
            label="Confirm the new password"
            type="password"
            autoComplete="new-password"
            required
          />
          <Button type="submit" busy={setPassword.isPending} busyLabel="Saving…">
            Set the password and sign in
          </Button>
        </form>
      ) : null}
    </section>
  );
}
