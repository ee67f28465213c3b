import { isApiError } from '@portals/api-client';
import { formValue, TextField } from '@portals/web-ui';

export interface PersonValues {
  name: string;
  email: string;
  phone: string;
}

export interface PersonErrors {
  name?: string;
  email?: string;
}

/** Name, email and phone from submitted form data, trimmed. */
export const readPerson = (form: FormData): PersonValues => ({
  name: formValue(form, 'name').trim(),
  email: formValue(form, 'email').trim(),
  phone: formValue(form, 'phone').trim(),
});

/** The page's own check before calling the API: a name and an address that looks like one. */
export const checkPerson = ({ name, email }: PersonValues): PersonErrors => ({
  ...(name ? {} : { name: 'Enter the name.' }),
  ...(/^[^\s@]+@[^\s@]+$/.test(email) ? {} : { email: 'Enter an email address, like name@example.com.' }),
});

export const hasPersonErrors = (errors: PersonErrors): boolean => Boolean(errors.name || errors.email);

/** Name, email and phone fields, with the page's own errors or else the API's field errors. */
export function PersonFields({
  defaults,
  checkErrors,
  apiError,
}: {
  defaults?: Partial<PersonValues>;
  checkErrors: PersonErrors;
  apiError: unknown;
}) {
  const fieldError = (path: string) => (isApiError(apiError) ? apiError.fieldError(path) : undefined);
  return (
    <>
      <TextField
        label="Name"
        name="name"
        autoComplete="off"
        maxLength={200}
        required
        defaultValue={defaults?.name}
        error={checkErrors.name ?? fieldError('body.name')}
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="off"
        required
        defaultValue={defaults?.email}
        error={checkErrors.email ?? fieldError('body.email')}
      />
      <TextField
        label="Phone (optional)"
        name="phone"
        type="tel"
        autoComplete="off"
        maxLength={40}
        defaultValue={defaults?.phone}
        error={fieldError('body.phone')}
      />
    </>
  );
}
