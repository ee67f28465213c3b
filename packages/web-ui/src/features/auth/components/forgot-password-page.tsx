import { isApiError } from '@portals/api-client';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { FormError } from '../../../components/form-error';
import { PageTitle } from '../../../components/page-title';
import { paths } from '../../../config/paths';
import { formValue } from '../../../lib/form-value';
import { useRequestPasswordReset } from '../api/request-password-reset';
import { EmailField } from './email-field';

/** Asks for a link to choose a new password; the API answers the same whether the email is known or not. */
export function ForgotPasswordPage() {
  const id = useId();
  const reset = useRequestPasswordReset();
  const [missingEmail, setMissingEmail] = useState(false);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = formValue(new FormData(event.currentTarget), 'email').trim();
    setMissingEmail(!email);
    if (email) reset.mutate(email);
  };

  const apiError = isApiError(reset.error) ? reset.error : null;
  return (
    <section className="page page-narrow" aria-labelledby={`${id}-heading`}>
      <PageTitle>Forgot your password?</PageTitle>
      <h1 id={`${id}-heading`}>Forgot your password?</h1>
      {reset.isSuccess ? (
        <>
          <p className="notice" role="status">
            {reset.data.message}
          </p>
          <p>The link in the email works once, for one hour.</p>
          <p>
            <Link to={paths.signIn}>Back to sign in</Link>
          </p>
        </>
      ) : (
        <>
          <p>Enter the email address you sign in with. We will send you a link to choose a new password.</p>
          {reset.isError ? <FormError error={reset.error} /> : null}
          <form className="form" noValidate onSubmit={handleSubmit}>
            <EmailField
              error={missingEmail ? 'Enter your email address.' : apiError?.fieldError('body.email')}
            />
            <div className="actions">
              <button className="button" type="submit" disabled={reset.isPending}>
                {reset.isPending ? 'Sending…' : 'Send the link'}
              </button>
              <Link to={paths.signIn}>Back to sign in</Link>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
