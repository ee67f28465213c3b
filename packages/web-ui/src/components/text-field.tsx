import type { InputHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  name: string;
  /** Shown under the label, read out with the field. */
  hint?: string;
  /** What is wrong with the value, from the page's own check or the API's field errors. */
  error?: string | undefined;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function TextField({ label, hint, error, ...inputProps }: TextFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(control) => <input {...control} {...inputProps} />}
    </FieldFrame>
  );
}
