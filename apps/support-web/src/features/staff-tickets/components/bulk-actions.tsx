import { isApiError } from '@portals/api-client';
import { type TicketStatus, type TicketSummary, ticketStatuses } from '@portals/domain';
import { Button, ConfirmDialog, ticketStatusLabels, useToast } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useChangeTicketsInBulk } from '../api/change-tickets-in-bulk';
import type { StaffPerson } from './staff-people';

type BulkChange =
  | { kind: 'status'; status: TicketStatus }
  | { kind: 'assignee'; assignee: StaffPerson | null };

const ticketsWord = (count: number) => (count === 1 ? '1 ticket' : `${count} tickets`);

/**
 * The per-ticket reasons of a refused bulk change (`body.ticketIds.N` in the problem's errors), each
 * naming its ticket: the API's message usually does; otherwise the number goes first.
 */
function Refusals({ error, tickets }: { error: unknown; tickets: readonly TicketSummary[] }) {
  if (!isApiError(error) || error.fieldErrors.length === 0) return null;
  return (
    <ul>
      {error.fieldErrors.map((fieldError) => {
        const index = Number(fieldError.path.replace(/^(body\.)?ticketIds\./, ''));
        const ticket = Number.isInteger(index) ? tickets[index] : undefined;
        return (
          <li key={fieldError.path}>
            {ticket && !fieldError.message.includes(`#${ticket.number}`) ? `#${ticket.number}: ` : ''}
            {fieldError.message}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Changes the status or the assignee of the chosen tickets in one request, after a confirmation that
 * says how many. The API changes all or none; when it refuses, the dialog shows why, per ticket.
 */
export function BulkActions({
  selected,
  staff,
  onDone,
}: {
  /** The chosen tickets, in the order the request names them. */
  selected: readonly TicketSummary[];
  staff: readonly StaffPerson[];
  onDone: () => void;
}) {
  const statusId = useId();
  const assigneeId = useId();
  const [status, setStatus] = useState<TicketStatus>('open');
  const [assignee, setAssignee] = useState<string>(staff[0]?.id ?? '');
  const [change, setChange] = useState<BulkChange | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const bulk = useChangeTicketsInBulk();
  const { showToast } = useToast();
  const count = selected.length;
  if (count === 0) return null;
  const chosenAssignee = staff.find((person) => person.id === assignee) ?? null;
  return (
    <section className="card bulk-actions" aria-label="Change the chosen tickets">
      <p>
        <strong>{ticketsWord(count)} chosen.</strong>
      </p>
      <div className="actions">
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          value={status}
          onChange={(event) => setStatus(event.target.value as TicketStatus)}
        >
          {ticketStatuses.map((value) => (
            <option key={value} value={value}>
              {ticketStatusLabels[value]}
            </option>
          ))}
        </select>
        <Button onClick={() => setChange({ kind: 'status', status })}>Change status…</Button>
      </div>
      <div className="actions">
        <label htmlFor={assigneeId}>Assignee</label>
        <select id={assigneeId} value={assignee} onChange={(event) => setAssignee(event.target.value)}>
          {staff.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
          <option value="">Nobody (unassign)</option>
        </select>
        <Button onClick={() => setChange({ kind: 'assignee', assignee: chosenAssignee })}>Assign…</Button>
      </div>
      <ConfirmDialog
        open={change !== null}
        title={
          change?.kind === 'status'
            ? `Move ${ticketsWord(count)} to “${ticketStatusLabels[change.status]}”?`
            : change?.kind === 'assignee'
              ? change.assignee
                ? `Assign ${ticketsWord(count)} to ${change.assignee.name}?`
                : `Unassign ${ticketsWord(count)}?`
              : ''
        }
        confirmLabel={`Change ${ticketsWord(count)}`}
        busyLabel="Changing…"
        onConfirm={async () => {
          if (!change) return;
          setRefusal(null);
          const ticketIds = selected.map((ticket) => ticket.id);
          try {
            await bulk.mutateAsync(
              change.kind === 'status'
                ? { ticketIds, status: change.status }
                : { ticketIds, assigneeId: change.assignee?.id ?? null },
            );
          } catch (error) {
            setRefusal(error);
            throw error;
          }
          showToast(`${ticketsWord(count)} changed.`);
          onDone();
        }}
        onClose={() => {
          setChange(null);
          setRefusal(null);
        }}
      >
        <p>All of them change, or none does if any of them cannot.</p>
        <Refusals error={refusal} tickets={selected} />
      </ConfirmDialog>
    </section>
  );
}
