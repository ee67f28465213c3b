import {
  type TicketRatingRequest,
  type TicketRatingValue,
  ticketRatingLimits,
  ticketRatingValues,
} from '@portals/domain';
import { TextAreaField } from '@portals/web-ui';
import { useId } from 'react';
import { type Control, useController } from 'react-hook-form';

// biome-ignore lint/suspicious/noExplicitAny: the fields do not care about the form's context or submitted type.
type RatingControl = Control<TicketRatingRequest, any, any>;

export const ratingLabels: Record<TicketRatingValue, string> = {
  good: 'Good, I was helped',
  bad: 'Bad, I was not helped',
};

/** Good or bad as two radios, and the optional comment: the fields of both rating forms. */
export function RatingFields({ control }: { control: RatingControl }) {
  const id = useId();
  const { field, fieldState } = useController({ control, name: 'rating' });
  const error = fieldState.error?.message;
  return (
    <>
      <fieldset
        className="field"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <legend>How did we do?</legend>
        {ticketRatingValues.map((value) => (
          <div key={value}>
            <input
              type="radio"
              id={`${id}-${value}`}
              name={field.name}
              value={value}
              checked={field.value === value}
              onChange={() => field.onChange(value)}
              onBlur={field.onBlur}
            />{' '}
            <label htmlFor={`${id}-${value}`}>{ratingLabels[value]}</label>
          </div>
        ))}
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        control={control}
        name="comment"
        label="Comment (optional)"
        hint={`Up to ${ticketRatingLimits.commentMaxLength} characters.`}
        rows={3}
      />
    </>
  );
}

/** What the rating forms say when no rating is chosen. */
export const ratingMessages = { rating: 'Choose good or bad.' } as const;
