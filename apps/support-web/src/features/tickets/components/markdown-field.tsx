import { type FormFieldProps, Markdown, TextAreaField } from '@portals/web-ui';
import { useId } from 'react';
import { type FieldValues, useWatch } from 'react-hook-form';

/** A Markdown text with its preview beside it, rendered as the ticket will show it (safely). */
export function MarkdownField<Values extends FieldValues>({
  control,
  name,
  label,
  rows = 8,
}: FormFieldProps<Values> & { label: string; rows?: number }) {
  const previewId = useId();
  const text = (useWatch({ control, name }) as string | undefined) ?? '';
  return (
    <div className="markdown-field">
      <TextAreaField
        control={control}
        name={name}
        label={label}
        rows={rows}
        hint="Markdown: **bold**, `code`, - lists, [links](https://…)"
      />
      <section className="markdown-preview" aria-labelledby={previewId}>
        <h3 id={previewId}>Preview of {label.toLowerCase()}</h3>
        {text.trim() ? <Markdown>{text}</Markdown> : <p className="muted">Nothing to preview yet.</p>}
      </section>
    </div>
  );
}
