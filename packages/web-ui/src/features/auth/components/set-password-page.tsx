import { isApiError } from '@portals/api-client';
import { NewPassword } from '@portals/domain';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { FormError } from '../../../components/form-error';
import { PageTitle } from '../../../components/page-title';
import { TextField } from '../../../components/text-field';
import { paths } from '../../../config/paths';
import { useSession, useSessionManager } from '../../../lib/auth';
import { formValue } from '../../../lib/form-value';
import { TwoFactorStep } from './two-factor-step';

interface PasswordErrors {
  password?: string;
  confirmation?: string;
}

const minimumLength = NewPassword.minLength ?? 12;
const lengthHint = `At least ${minimumLength} characters. A few unrelated words make a strong, memorable password.`;

/**
 * The page the invitation and reset emails link to: choose a password, and be signed in. An account
 * with two-factor sign-in then gives its code, as on the sign-in page, before any session.
 */
export function SetPasswordPage() {
  const id = useId();
  const token = useSearchParams()[0].get('token');
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
  const [checkErrors, setCheckErrors] = useState<PasswordErrors>({});

  // The code step finished the sign-in.
  if (challenge && state.status === 'signed-in') return <Navigate to={paths.home} replace />;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!token) return;
    const form = new FormData(event.currentTarget);
    const password = formValue(form, 'password');
    const confirmation = formValue(form, 'confirmation');
    // Checked here first, so a mistyped confirmation never uses up the one-time link.
    const errors: PasswordErrors = {
      ...(NewPassword.safeParse(password).success
        ? {}
        : { password: `Use at least ${minimumLength} characters.` }),
      ...(password === confirmation ? {} : { confirmation: 'The two passwords do not match.' }),
    };
    setCheckErrors(errors);
    if (errors.password || errors.confirmation) return;
    setPassword.mutate({ token, password });
  };

  const apiError = isApiError(setPassword.error) ? setPassword.error : null;
  // The API refuses an expired, used or mangled link as a whole, or points at the token field.
  const linkRefused =
    apiError !== null && (apiError.code === 'bad_request' || apiError.fieldError('body.token') !== undefined);
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
      {token && !linkRefused && !challenge ? (
        <form className="form" noValidate onSubmit={handleSubmit}>
          <TextField
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint={lengthHint}
            error={checkErrors.password ?? apiError?.fieldError('body.password')}
          />
          <TextField
            label="Confirm the new password"
            name="confirmation"
            type="password"
            autoComplete="new-password"
            required
            error={checkErrors.confirmation}
          />
          <button className="button" type="submit" disabled={setPassword.isPending}>
            {setPassword.isPending ? 'Saving…' : 'Set the password and sign in'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
