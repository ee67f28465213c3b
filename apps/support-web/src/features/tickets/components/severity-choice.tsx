import { type TicketSeverity, ticketSeverities, ticketSeverityDefinitions } from '@portals/domain';
import type { FormFieldProps } from '@portals/web-ui';
import { useId } from 'react';
import { type FieldValues, useController } from 'react-hook-form';

/** Severity 1–4 as radio cards, each with the vendor's definition beside it. */
export function SeverityChoice<Values extends FieldValues>({
  control,
  name,
  legend = 'Severity',
}: Omit<FormFieldProps<Values>, 'label'> & { legend?: string }) {
  const id = useId();
  const { field, fieldState } = useController({ control, name });
  const error = fieldState.error?.message;
  return (
    <fieldset
      className="field severity-choice"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {ticketSeverities.map((severity: TicketSeverity) => {
        const { name: severityName, definition } = ticketSeverityDefinitions[severity];
        const optionId = `${id}-${severity}`;
        return (
          <div className="radio-card" key={severity}>
            <input
              type="radio"
              id={optionId}
              name={field.name}
              value={severity}
              checked={Number(field.value) === severity}
              onChange={() => field.onChange(severity)}
              onBlur={field.onBlur}
              aria-describedby={`${optionId}-definition`}
            />
            <label htmlFor={optionId}>
              <strong>
                {severity} — {severityName}
              </strong>
            </label>
            <p className="muted" id={`${optionId}-definition`}>
              {definition}
            </p>
          </div>
        );
      })}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
