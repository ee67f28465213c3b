import { ChangePasswordRequest, NewPassword } from '@portals/domain';
import { useId, useState } from 'react';
import { z } from 'zod';
import { Button } from '../../../components/button';
import { FormError } from '../../../components/form-error';
import { TextField } from '../../../components/form-fields';
import { setServerFieldErrors, useZodForm } from '../../../components/use-zod-form';
import { useMe } from '../../../lib/auth';
import { useChangePassword } from '../api/change-password';

const minimumLength = NewPassword.minLength ?? 12;

/** The API's rules, and the confirmation checked here, so a typo never becomes the new password. */
const ChangePasswordForm = ChangePasswordRequest.extend({ confirmation: z.string() }).refine(
  (value) => value.newPassword === value.confirmation,
  { path: ['confirmation'], message: 'The two new passwords do not match.' },
);

/** Changing the password, with the current one; signs out every other device. */
export function ChangePasswordCard() {
  const headingId = useId();
  const me = useMe();
  const change = useChangePassword();
  const [changed, setChanged] = useState(false);
  const form = useZodForm(
    ChangePasswordForm,
    { currentPassword: '', newPassword: '', confirmation: '' },
    {
      messages: {
        currentPassword: 'Enter your current password.',
        newPassword: `Use at least ${minimumLength} characters.`,
      },
    },
  );
  const handleSubmit = form.handleSubmit(({ currentPassword, newPassword }) => {
    setChanged(false);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset();
          setChanged(true);
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    );
  });
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Change your password</h2>
      <p>Changing it signs you out on every other device; you stay signed in here.</p>
      {change.isError ? <FormError error={change.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        {me ? (
          // For password managers: the account the new password belongs to.
          <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
        ) : null}
        <TextField
          control={form.control}
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
        />
        <TextField
          control={form.control}
          name="newPassword"
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          hint={`At least ${minimumLength} characters. A few unrelated words make a strong, memorable password.`}
        />
        <TextField
          control={form.control}
          name="confirmation"
          label="Confirm the new password"
          type="password"
          autoComplete="new-password"
          required
        />
        <Button type="submit" busy={change.isPending} busyLabel="Changing…">
          Change the password
        </Button>
      </form>
      <p role="status" className="muted">
        {changed ? 'Your password was changed. Every other device has been signed out.' : ''}
      </p>
    </section>
  );
}
