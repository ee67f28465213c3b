import type { Ticket } from '@portals/domain';
import { Button, FormError, useMe, useToast } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useAssignTicket } from '../api/assign-ticket';
import { useAssignableStaff } from '../api/get-assignable-staff';
import { assignableStaff } from './staff-people';

/** Who works on the ticket: take it, give it to a colleague, or give it back to the queue. */
export function AssignmentControl({ ticket }: { ticket: Ticket }) {
  const me = useMe();
  const assign = useAssignTicket();
  const { showToast } = useToast();
  const mine = ticket.assignee !== null && ticket.assignee.id === me?.id;
  const colleagues = assignableStaff(me, useAssignableStaff().data).filter(
    (person) => person.id !== me?.id && person.id !== ticket.assignee?.id,
  );
  const [colleagueId, setColleagueId] = useState('');
  const colleagueFieldId = useId();
  const colleague = colleagues.find((person) => person.id === colleagueId);
  return (
    <div className="ticket-control">
      <p>
        Assigned to: <strong>{ticket.assignee?.name ?? 'nobody'}</strong>
      </p>
      <div className="actions">
        {me && !mine ? (
          <Button
            variant="secondary"
            busy={assign.isPending}
            busyLabel="Assigning…"
            onClick={() =>
              assign.mutate(
                { ticketId: ticket.id, assigneeId: me.id },
                { onSuccess: () => showToast(`#${ticket.number} is assigned to you.`) },
              )
            }
          >
            Assign to me
          </Button>
        ) : null}
        {ticket.assignee ? (
          <Button
            variant="secondary"
            disabled={assign.isPending}
            onClick={() =>
              assign.mutate(
                { ticketId: ticket.id, assigneeId: null },
                { onSuccess: () => showToast(`#${ticket.number} is back in the unassigned queue.`) },
              )
            }
          >
            Unassign
          </Button>
        ) : null}
      </div>
      {colleagues.length > 0 ? (
        <div className="actions">
          <label htmlFor={colleagueFieldId}>Colleague</label>
          <select
            id={colleagueFieldId}
            value={colleagueId}
            onChange={(event) => setColleagueId(event.target.value)}
          >
            <option value="">Choose a colleague</option>
            {colleagues.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
          <Button
            variant="secondary"
            disabled={!colleague || assign.isPending}
            onClick={() => {
              if (!colleague) return;
              assign.mutate(
                { ticketId: ticket.id, assigneeId: colleague.id },
                {
                  onSuccess: () => {
                    setColleagueId('');
                    showToast(`#${ticket.number} is assigned to ${colleague.name}.`);
                  },
                },
              );
            }}
          >
            Assign to colleague
          </Button>
        </div>
      ) : null}
      {assign.error ? <FormError error={assign.error} /> : null}
    </div>
  );
}
