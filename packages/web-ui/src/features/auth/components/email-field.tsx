import { TextField } from '../../../components/text-field';

/** The email a person signs in with, as browsers and password managers recognise it. */
export function EmailField({ error }: { error: string | undefined }) {
  return <TextField label="Email" name="email" type="email" autoComplete="username" required error={error} />;
}
