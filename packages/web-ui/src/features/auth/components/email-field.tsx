import type { Control, FieldValues } from 'react-hook-form';
import { TextField } from '../../../components/form-fields';

/** What to say when the email is missing or not an address. */
export const emailMessage = (value: unknown): string =>
  value ? 'Enter an email address like name@example.com.' : 'Enter your email address.';

/** The email a person signs in with, as browsers and password managers recognise it. */
export function EmailField<Values extends FieldValues & { email: string }>({
  control,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: a field does not care about the form's other types.
  control: Control<Values, any, any>;
}) {
  return (
    <TextField
      control={control as unknown as Control<{ email: string }>}
      name="email"
      label="Email"
      type="email"
      autoComplete="username"
      required
    />
  );
}
