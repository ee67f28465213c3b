import { PasswordResetRequest } from '@portals/domain';
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../../../components/button';
import { FormError } from '../../../components/form-error';
import { PageTitle } from '../../../components/page-title';
import { setServerFieldErrors, useZodForm } from '../../../components/use-zod-form';
import { paths } from '../../../config/paths';
import { useRequestPasswordReset } from '../api/request-password-reset';
import { EmailField, emailMessage } from './email-field';

// The portal the link opens is this one's, not the person's to choose.
const ForgotPasswordForm = PasswordResetRequest.pick({ email: true });

/** Asks for a link to choose a new password; the API answers the same whether the email is known or not. */
export function ForgotPasswordPage() {
  const id = useId();
  const reset = useRequestPasswordReset();
  const form = useZodForm(ForgotPasswordForm, { email: '' }, { messages: { email: emailMessage } });
  const handleSubmit = form.handleSubmit(({ email }) =>
    reset.mutate(email, { onError: (error) => setServerFieldErrors(form, error) }),
  );

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
            <EmailField control={form.control} />
            <div className="actions">
              <Button type="submit" busy={reset.isPending} busyLabel="Sending…">
                Send the link
              </Button>
              <Link to={paths.signIn}>Back to sign in</Link>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
