import {
  canTransition,
  solvedTicketReopenDays,
  type Ticket,
  TicketSeverity,
  TicketSeverityChangeRequest,
} from '@portals/domain';
import { Button, ConfirmDialog, FormError, TextAreaField, useToast, useZodForm } from '@portals/web-ui';
import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import { useChangeTicketCcs } from '../api/change-ticket-ccs';
import { useChangeTicketSeverity } from '../api/change-ticket-severity';
import { useChangeTicketStatus } from '../api/change-ticket-status';
import { useColleagues } from '../api/get-colleagues';
import { severityLabel, ticketNumberLabel } from '../lib/ticket-labels';
import { RatingCard } from './rating-card';
import { SeverityChoice } from './severity-choice';

/** The domain's rule for a severity change, read from what a radio holds. */
const severityChangeForm = TicketSeverityChangeRequest.extend({
  severity: z.coerce.number().pipe(TicketSeverity),
});

function ChangeSeverity({ ticket }: { ticket: Ticket }) {
  const [open, setOpen] = useState(false);
  const change = useChangeTicketSeverity(ticket.id);
  const { showToast } = useToast();
  const form = useZodForm(
    severityChangeForm,
    { severity: ticket.severity, reason: '' },
    { messages: { reason: 'Say why the severity changes: it is shown in the timeline.' } },
  );
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          form.reset({ severity: ticket.severity, reason: '' });
          setOpen(true);
        }}
      >
        Change the severity
      </Button>
      <ConfirmDialog
        open={open}
        title={`Change the severity of ${ticketNumberLabel(ticket.number)}`}
        confirmLabel="Change the severity"
        busyLabel="Changing…"
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          if (!(await form.trigger())) return false;
          const values = severityChangeForm.parse(form.getValues());
          if (values.severity === ticket.severity) {
            form.setError('severity', {
              type: 'same',
              message: `It is already ${severityLabel(ticket.severity)}.`,
            });
            return false;
          }
          await change.mutateAsync(values);
          showToast(`The severity is now ${severityLabel(values.severity)}.`);
          return true;
        }}
      >
        <SeverityChoice control={form.control} name="severity" legend="New severity" />
        <TextAreaField control={form.control} name="reason" label="Reason" rows={3} />
      </ConfirmDialog>
    </>
  );
}

function CopiedColleagues({ ticket }: { ticket: Ticket }) {
  const headingId = useId();
  const selectId = useId();
  const colleagues = useColleagues();
  const change = useChangeTicketCcs(ticket.id);
  const { showToast } = useToast();
  const [chosen, setChosen] = useState('');
  const copied = new Set(ticket.ccs.map((cc) => cc.id));
  const candidates = (colleagues.data?.items ?? []).filter(
    (colleague) => !copied.has(colleague.id) && colleague.id !== ticket.requester.id,
  );
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>Copied colleagues</h2>
      {change.isError ? <FormError error={change.error} /> : null}
      {ticket.ccs.length === 0 ? <p className="muted">Nobody is copied on this ticket.</p> : null}
      <ul>
        {ticket.ccs.map((cc) => (
          <li key={cc.id}>
            {cc.name}{' '}
            <Button
              variant="secondary"
              aria-label={`Stop copying ${cc.name}`}
              disabled={change.isPending}
              onClick={() =>
                change.mutate(
                  { remove: [cc.id] },
                  { onSuccess: () => showToast(`${cc.name} is no longer copied.`) },
                )
              }
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {candidates.length > 0 ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const colleague = candidates.find((candidate) => candidate.id === chosen);
            if (!colleague) return;
            change.mutate(
              { add: [colleague.id] },
              {
                onSuccess: () => {
                  setChosen('');
                  showToast(`${colleague.name} is now copied.`);
                },
              },
            );
          }}
        >
          <label htmlFor={selectId}>Copy a colleague</label>{' '}
          <select id={selectId} value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">Choose a colleague</option>
            {candidates.map((colleague) => (
              <option key={colleague.id} value={colleague.id}>
                {colleague.name}
              </option>
            ))}
          </select>{' '}
          <Button
            type="submit"
            variant="secondary"
            disabled={!chosen}
            busy={change.isPending}
            busyLabel="Copying…"
          >
            Copy
          </Button>
        </form>
      ) : null}
    </section>
  );
}

function StatusActions({ ticket }: { ticket: Ticket }) {
  const [confirmSolve, setConfirmSolve] = useState(false);
  const change = useChangeTicketStatus(ticket.id);
  const { showToast } = useToast();
  if (ticket.status === 'closed') return null;
  if (ticket.status === 'solved') {
    const solvedAt = ticket.solvedAt ? new Date(ticket.solvedAt) : null;
    if (canTransition('solved', 'open', 'contact', { solvedAt, now: new Date() })) {
      return (
        <>
          {change.isError ? <FormError error={change.error} /> : null}
          <Button
            variant="secondary"
            busy={change.isPending}
            busyLabel="Reopening…"
            onClick={() =>
              change.mutate(
                { status: 'open' },
                { onSuccess: () => showToast(`${ticketNumberLabel(ticket.number)} is open again.`) },
              )
            }
          >
            Reopen the ticket
          </Button>
        </>
      );
    }
    return (
      <p>
        This ticket was solved more than {solvedTicketReopenDays} days ago and can no longer be reopened.{' '}
        <Link to="/tickets/new">Open a new ticket</Link> and mention {ticketNumberLabel(ticket.number)} in it.
      </p>
    );
  }
  return (
    <>
      <Button variant="secondary" onClick={() => setConfirmSolve(true)}>
        Mark as solved
      </Button>
      <ConfirmDialog
        open={confirmSolve}
        title={`Mark ${ticketNumberLabel(ticket.number)} as solved?`}
        confirmLabel="Mark as solved"
        busyLabel="Marking as solved…"
        onClose={() => setConfirmSolve(false)}
        onConfirm={async () => {
          await change.mutateAsync({ status: 'solved' });
          showToast(`${ticketNumberLabel(ticket.number)} is solved.`);
        }}
      >
        <p>
          Support stops working on it. You can reopen it within {solvedTicketReopenDays} days; after that it
          closes by itself.
        </p>
      </ConfirmDialog>
    </>
  );
}

/** What a contact may do to a ticket: solve, rate or reopen it, change its severity, copy colleagues. */
export function TicketActions({ ticket }: { ticket: Ticket }) {
  return (
    <>
      <section className="actions" aria-label="Ticket actions">
        <StatusActions ticket={ticket} />
        {ticket.status === 'closed' || ticket.status === 'solved' ? null : <ChangeSeverity ticket={ticket} />}
      </section>
      <RatingCard ticket={ticket} />
      {ticket.status === 'closed' ? null : <CopiedColleagues ticket={ticket} />}
    </>
  );
}
