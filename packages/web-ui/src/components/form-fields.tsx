import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useId } from 'react';
import { type Control, type FieldPath, type FieldValues, useController } from 'react-hook-form';

/** What a form control needs to be tied to its label, hint and error. */
interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldFrameProps {
  label: ReactNode;
  hint?: string | undefined;
  error?: string | undefined;
  /** A checkbox sits before its label. */
  labelAfter?: boolean;
  children: (control: FieldControlProps) => ReactNode;
}

/** The label, hint and error around one control, tied together for screen readers. */
function FieldFrame({ label, hint, error, labelAfter = false, children }: FieldFrameProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  const control = children({
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  });
  const hintText = hint ? (
    <p className="field-hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
  return (
    <div className="field">
      {labelAfter ? (
        <span className="checkbox">
          {control}
          <label htmlFor={id}>{label}</label>
        </span>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {hintText}
          {control}
        </>
      )}
      {labelAfter ? hintText : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form's `control` as fields take it, for code that passes one on without importing react-hook-form. */
// biome-ignore lint/suspicious/noExplicitAny: a field does not care about the form's context or submitted types.
export type FormControl<Values extends FieldValues = any> = Control<Values, any, any>;

/** What every field takes: the form's `control` and the field's name in the form's values. */
export interface FormFieldProps<Values extends FieldValues> {
  // biome-ignore lint/suspicious/noExplicitAny: the form's context and submitted types do not matter to a field.
  control: Control<Values, any, any>;
  name: FieldPath<Values>;
  label: ReactNode;
  /** Shown under the label, read out with the field. */
  hint?: string | undefined;
}

type NativeProps<Attributes> = Omit<
  Attributes,
  'id' | 'name' | 'value' | 'defaultValue' | 'onChange' | 'onBlur'
>;

export type TextFieldProps<Values extends FieldValues> = FormFieldProps<Values> &
  NativeProps<InputHTMLAttributes<HTMLInputElement>>;

/**
 * A labelled input of a `useZodForm` form, showing the schema's or the API's error for it, tied to it
 * with aria-invalid and aria-describedby.
 */
export function TextField<Values extends FieldValues>({
  control,
  name,
  label,
  hint,
  ...inputProps
}: TextFieldProps<Values>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <FieldFrame label={label} hint={hint} error={fieldState.error?.message}>
      {(controlProps) => (
        <input
          {...inputProps}
          {...controlProps}
          {...field}
          value={(field.value as string | undefined) ?? ''}
        />
      )}
    </FieldFrame>
  );
}

export type TextAreaFieldProps<Values extends FieldValues> = FormFieldProps<Values> &
  NativeProps<TextareaHTMLAttributes<HTMLTextAreaElement>>;

/** A labelled multi-line text of a `useZodForm` form, like `TextField`. */
export function TextAreaField<Values extends FieldValues>({
  control,
  name,
  label,
  hint,
  ...textAreaProps
}: TextAreaFieldProps<Values>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <FieldFrame label={label} hint={hint} error={fieldState.error?.message}>
      {(controlProps) => (
        <textarea
          {...textAreaProps}
          {...controlProps}
          {...field}
          value={(field.value as string | undefined) ?? ''}
        />
      )}
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export type SelectFieldProps<Values extends FieldValues> = FormFieldProps<Values> &
  NativeProps<SelectHTMLAttributes<HTMLSelectElement>> & { options: readonly SelectOption[] };

/** A labelled drop-down of a `useZodForm` form, like `TextField`. */
export function SelectField<Values extends FieldValues>({
  control,
  name,
  label,
  hint,
  options,
  ...selectProps
}: SelectFieldProps<Values>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <FieldFrame label={label} hint={hint} error={fieldState.error?.message}>
      {(controlProps) => (
        <select
          {...selectProps}
          {...controlProps}
          {...field}
          value={(field.value as string | undefined) ?? ''}
        >
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

export type CheckboxFieldProps<Values extends FieldValues> = FormFieldProps<Values> &
  NativeProps<Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'checked'>>;

/** A labelled yes/no of a `useZodForm` form; its value is a boolean. */
export function CheckboxField<Values extends FieldValues>({
  control,
  name,
  label,
  hint,
  ...inputProps
}: CheckboxFieldProps<Values>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <FieldFrame label={label} hint={hint} error={fieldState.error?.message} labelAfter>
      {(controlProps) => (
        <input
          {...inputProps}
          {...controlProps}
          type="checkbox"
          name={field.name}
          ref={field.ref}
          onBlur={field.onBlur}
          checked={field.value === true}
          onChange={(event) => field.onChange(event.target.checked)}
        />
      )}
    </FieldFrame>
  );
}
