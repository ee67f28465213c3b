import { TwoFactorCode } from '@portals/domain';
import type { Control } from 'react-hook-form';
import { z } from 'zod';
import { TextField } from './form-fields';

/** What to say when the code typed is not six digits. */
export const oneTimeCodeMissing = 'Enter the 6 digits your authenticator app shows.';

/**
 * The domain's code rule, after removing the spaces authenticator apps show in the middle of the code
 * ("123 456"), which people type as they see them.
 */
export const OneTimeCodeForm = z.object({
  code: z
    .string()
    .transform((code) => code.replace(/\s/g, ''))
    .pipe(TwoFactorCode.shape.code),
});

/** The authenticator app's current code, as phones and password managers recognise the field. */
export function OneTimeCodeField({
  control,
  hint,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: only the `code` field matters to this field.
  control: Control<{ code: string }, any, any>;
  hint?: string;
}) {
  return (
    <TextField
      control={control}
      name="code"
      label="Authentication code"
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      required
      hint={hint ?? 'The 6 digits your authenticator app shows now.'}
    />
  );
}
