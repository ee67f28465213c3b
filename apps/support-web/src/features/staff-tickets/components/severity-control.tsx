import {
  type Ticket,
  type TicketSeverity,
  TicketSeverityChangeRequest,
  ticketSeverities,
} from '@portals/domain';
import { Button, FormError, ticketSeverityLabel, useToast } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useChangeTicketSeverity } from '../api/change-ticket-severity';

/** Raises or lowers the severity; the domain's schema asks for a reason, shown in the timeline. */
export function SeverityControl({ ticket }: { ticket: Ticket }) {
  const severityId = useId();
  const reasonId = useId();
  const [severity, setSeverity] = useState<TicketSeverity>(ticket.severity);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const change = useChangeTicketSeverity();
  const { showToast } = useToast();
  return (
    <form
      className="ticket-control"
      aria-label="Change the severity"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = TicketSeverityChangeRequest.safeParse({ severity, reason });
        if (!parsed.success) {
          setReasonError('Say why the severity changes.');
          return;
        }
        setReasonError(null);
        change.mutate(
          { ticketId: ticket.id, change: parsed.data },
          {
            onSuccess: () =>
              showToast(`#${ticket.number} is now ${ticketSeverityLabel(parsed.data.severity)}.`),
          },
        );
      }}
    >
      <label htmlFor={severityId}>Severity</label>{' '}
      <select
        id={severityId}
        value={severity}
        onChange={(event) => setSeverity(Number(event.target.value) as TicketSeverity)}
      >
        {ticketSeverities.map((value) => (
          <option key={value} value={value}>
            {ticketSeverityLabel(value)}
          </option>
        ))}
      </select>{' '}
      <label htmlFor={reasonId}>Reason (shown in the timeline)</label>{' '}
      <input
        id={reasonId}
        value={reason}
        maxLength={1000}
        aria-invalid={reasonError ? true : undefined}
        onChange={(event) => setReason(event.target.value)}
      />{' '}
      <Button
        type="submit"
        disabled={severity === ticket.severity}
        busy={change.isPending}
        busyLabel="Changing…"
      >
        Change severity
      </Button>
      {reasonError ? (
        <p className="field-error" role="alert">
          {reasonError}
        </p>
      ) : null}
      {change.error ? <FormError error={change.error} /> : null}
    </form>
  );
}
