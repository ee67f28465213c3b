import type { SelectHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'children'> {
  label: string;
  name: string;
  options: readonly SelectOption[];
  /** Shown under the label, read out with the field. */
  hint?: string;
  /** What is wrong with the value, from the page's own check or the API's field errors. */
  error?: string | undefined;
}

/** A labelled drop-down with its hint and error tied to it for screen readers, like `TextField`. */
export function SelectField({ label, hint, error, options, ...selectProps }: SelectFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} {...selectProps}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
