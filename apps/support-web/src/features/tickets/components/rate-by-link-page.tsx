import { isApiError } from '@portals/api-client';
import { TicketRatingRequest } from '@portals/domain';
import { Button, FormError, PageTitle, useZodForm } from '@portals/web-ui';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useRateTicketByLink } from '../api/rate-ticket-by-link';
import { ticketNumberLabel } from '../lib/ticket-labels';
import { RatingFields, ratingLabels, ratingMessages } from './rating-fields';

/**
 * The page the "solved" email's rating link opens, signed in or not. Opening it changes nothing (mail
 * scanners open links too): the rating is sent, and the link used up, only when the person sends it.
 */
export function RateByLinkPage() {
  const id = useId();
  const token = useSearchParams()[0].get('token');
  const rate = useRateTicketByLink();
  const form = useZodForm(
    TicketRatingRequest,
    { rating: undefined, comment: '' },
    { messages: ratingMessages },
  );
  const error = isApiError(rate.error) ? rate.error : null;
  // An expired, used or mangled link is refused as a whole: say so plainly, and where to rate instead.
  const linkRefused = error?.code === 'bad_request' || error?.code === 'validation_failed';
  return (
    <section className="page page-narrow" aria-labelledby={`${id}-heading`}>
      <PageTitle>Rate the help you received</PageTitle>
      <h1 id={`${id}-heading`}>Rate the help you received</h1>
      {rate.data ? (
        <div className="notice" role="status">
          <p>
            Thank you: you rated {ticketNumberLabel(rate.data.ticketNumber)} “{ratingLabels[rate.data.rating]}
            ”.
          </p>
          <p>
            <Link to={`/tickets/${rate.data.ticketId}`}>See the ticket</Link> (you can change your rating
            there).
          </p>
        </div>
      ) : !token || linkRefused ? (
        <div className="alert" role="alert">
          <p className="alert-summary">
            {token
              ? 'This rating link has expired or was already used.'
              : 'This link is incomplete: open the link from the email again.'}
          </p>
          <p>
            You can still rate the ticket from its page: <Link to="/tickets">your tickets</Link>.
          </p>
        </div>
      ) : (
        <>
          {rate.isError ? <FormError error={rate.error} /> : null}
          <form noValidate onSubmit={form.handleSubmit((values) => rate.mutate({ ...values, token }))}>
            <RatingFields control={form.control} />
            <Button type="submit" busy={rate.isPending} busyLabel="Sending…">
              Send my rating
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
