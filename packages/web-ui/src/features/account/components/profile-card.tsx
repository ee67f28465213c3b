import { type Profile, UpdateProfileRequest } from '@portals/domain';
import { useId, useState } from 'react';
import { ApiErrorMessage } from '../../../components/api-error-message';
import { Button } from '../../../components/button';
import { FormError } from '../../../components/form-error';
import { TextField } from '../../../components/form-fields';
import { setServerFieldErrors, useZodForm } from '../../../components/use-zod-form';
import { useProfile, useUpdateProfile } from '../api/profile';

const ProfileForm = UpdateProfileRequest;

function ProfileFormFields({ profile }: { profile: Profile }) {
  const update = useUpdateProfile();
  const [saved, setSaved] = useState(false);
  const form = useZodForm(
    ProfileForm,
    { name: profile.name, phone: profile.phone ?? '' },
    { messages: { name: 'Enter your name.' } },
  );
  const handleSubmit = form.handleSubmit((values) => {
    setSaved(false);
    update.mutate(
      { name: values.name, phone: values.phone === '' ? null : values.phone },
      {
        onSuccess: (updated) => {
          form.reset({ name: updated.name, phone: updated.phone ?? '' });
          setSaved(true);
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    );
  });
  return (
    <>
      {update.isError ? <FormError error={update.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <TextField control={form.control} name="name" label="Name" autoComplete="name" required />
        <TextField
          control={form.control}
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="tel"
          hint="Optional. For our support team to call you back."
        />
        <Button type="submit" busy={update.isPending} busyLabel="Saving…">
          Save
        </Button>
      </form>
      <p role="status" className="muted">
        {saved ? 'Your details were saved.' : ''}
      </p>
    </>
  );
}

/** One's own name and phone, editable; the email signs in, so it is shown only. */
export function ProfileCard() {
  const headingId = useId();
  const profile = useProfile();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Your name and phone</h2>
      {profile.isPending ? <p role="status">Loading your details…</p> : null}
      {profile.isError ? (
        <ApiErrorMessage
          summary="Your details could not be loaded."
          error={profile.error}
          onRetry={() => {
            void profile.refetch();
          }}
        />
      ) : null}
      {profile.data ? (
        <>
          <p>
            You sign in as <strong>{profile.data.email}</strong>
            {profile.data.organizationName ? ` (${profile.data.organizationName})` : ''}. The email you sign
            in with is not changed here.
          </p>
          <ProfileFormFields profile={profile.data} />
        </>
      ) : null}
    </section>
  );
}
