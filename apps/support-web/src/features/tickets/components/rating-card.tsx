import { ratableTicketStatuses, type Ticket, TicketRatingRequest } from '@portals/domain';
import { Button, FormError, formatInstant, useMe, useToast, useZodForm } from '@portals/web-ui';
import { useId } from 'react';
import { useRateTicket } from '../api/rate-ticket';
import { RatingFields, ratingLabels, ratingMessages } from './rating-fields';

const isRatable = (ticket: Ticket) => (ratableTicketStatuses as readonly string[]).includes(ticket.status);

/**
 * The requester's rating of a solved (or closed) ticket: the form, or their rating with a way to change
 * it. Nobody else rates a ticket, so nobody else sees this card. The "solved" email links to `#rate`.
 */
export function RatingCard({ ticket }: { ticket: Ticket }) {
  const headingId = useId();
  const me = useMe();
  const rate = useRateTicket(ticket.id);
  const { showToast } = useToast();
  const form = useZodForm(
    TicketRatingRequest,
    { rating: ticket.rating?.rating, comment: ticket.rating?.comment ?? '' },
    { messages: ratingMessages },
  );
  if (!isRatable(ticket) || me?.id !== ticket.requester.id) return null;
  const rated = ticket.rating;
  return (
    <section id="rate" aria-labelledby={headingId} className="card">
      <h2 id={headingId}>Rate the help you received</h2>
      {rated ? (
        <p>
          You rated it <strong>{rated.rating}</strong> on {formatInstant(rated.ratedAt)}
          {rated.comment ? `: “${rated.comment}”` : '.'} You can change your rating.
        </p>
      ) : null}
      {rate.isError ? <FormError error={rate.error} /> : null}
      <form
        noValidate
        onSubmit={form.handleSubmit((values) =>
          rate.mutate(values, {
            onSuccess: (saved) => showToast(`Thank you: you rated it “${ratingLabels[saved.rating]}”.`),
          }),
        )}
      >
        <RatingFields control={form.control} />
        <Button type="submit" busy={rate.isPending} busyLabel="Sending…">
          {rated ? 'Change my rating' : 'Send my rating'}
        </Button>
      </form>
    </section>
  );
}
