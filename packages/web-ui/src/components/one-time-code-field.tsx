import { formValue } from '../lib/form-value';
import { TextField } from './text-field';

/** What to say when the code typed is not six digits. */
export const oneTimeCodeMissing = 'Enter the 6 digits your authenticator app shows.';

/** The authenticator app's current code, as phones and password managers recognise the field. */
export function OneTimeCodeField({ hint, error }: { hint?: string; error: string | undefined }) {
  return (
    <TextField
      label="Authentication code"
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      required
      hint={hint ?? 'The 6 digits your authenticator app shows now.'}
      error={error}
    />
  );
}

/** The code of an `OneTimeCodeField` without the spaces apps show in it; `undefined` unless 6 digits. */
export const readOneTimeCode = (form: FormData): string | undefined => {
  const code = formValue(form, 'code').replace(/\s/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
};
