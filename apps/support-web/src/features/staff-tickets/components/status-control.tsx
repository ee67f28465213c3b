import { canTransition, type Ticket, type TicketStatus, ticketStatuses } from '@portals/domain';
import { Button, FormError, ticketStatusLabels, useToast } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useChangeTicketStatus } from '../api/change-ticket-status';

/** The statuses staff may move a ticket to from where it is, read from the domain's transition table. */
export const staffNextStatuses = (from: TicketStatus): TicketStatus[] =>
  ticketStatuses.filter((to) => to !== from && canTransition(from, to, 'staff'));

export function StatusControl({ ticket }: { ticket: Ticket }) {
  const statusId = useId();
  const reasonId = useId();
  const next = staffNextStatuses(ticket.status);
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const [reason, setReason] = useState('');
  const change = useChangeTicketStatus();
  const { showToast } = useToast();
  if (next.length === 0)
    return <p className="muted">{ticketStatusLabels[ticket.status]}: the status cannot change.</p>;
  return (
    <form
      className="ticket-control"
      aria-label="Change the status"
      onSubmit={(event) => {
        event.preventDefault();
        if (status === '') return;
        const to = status;
        change.mutate(
          {
            ticketId: ticket.id,
            change: reason.trim() ? { status: to, reason: reason.trim() } : { status: to },
          },
          {
            onSuccess: () => {
              setStatus('');
              setReason('');
              showToast(`#${ticket.number} is now “${ticketStatusLabels[to]}”.`);
            },
          },
        );
      }}
    >
      <label htmlFor={statusId}>New status</label>{' '}
      <select
        id={statusId}
        value={status}
        onChange={(event) => setStatus(event.target.value as TicketStatus | '')}
      >
        <option value="">Choose</option>
        {next.map((value) => (
          <option key={value} value={value}>
            {ticketStatusLabels[value]}
          </option>
        ))}
      </select>{' '}
      <label htmlFor={reasonId}>Reason (optional)</label>{' '}
      <input
        id={reasonId}
        value={reason}
        maxLength={1000}
        onChange={(event) => setReason(event.target.value)}
      />{' '}
      <Button type="submit" disabled={status === ''} busy={change.isPending} busyLabel="Changing…">
        Change status
      </Button>
      {change.error ? <FormError error={change.error} /> : null}
    </form>
  );
}
