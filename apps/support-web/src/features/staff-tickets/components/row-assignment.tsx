import type { TicketSummary } from '@portals/domain';
import { Button, ConfirmDialog, useMe, useToast } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useAssignTicket } from '../api/assign-ticket';
import type { StaffPerson } from './staff-people';

/** "Assign to me" and "Assign…" (to a colleague) on a queue row. */
export function RowAssignment({ ticket, staff }: { ticket: TicketSummary; staff: readonly StaffPerson[] }) {
  const me = useMe();
  const assign = useAssignTicket();
  const { showToast } = useToast();
  const [choosing, setChoosing] = useState(false);
  const colleagues = staff.filter((person) => person.id !== me?.id);
  const [colleagueId, setColleagueId] = useState('');
  const colleagueFieldId = useId();
  const mine = ticket.assignee !== null && ticket.assignee.id === me?.id;
  return (
    <span className="actions">
      {me && !mine ? (
        <Button
          variant="secondary"
          aria-label={`Assign to me: #${ticket.number}`}
          busy={assign.isPending && assign.variables?.assigneeId === me.id}
          busyLabel="Assigning…"
          // Not mutate's own onSuccess, which never runs once this row has left the view (Unassigned).
          onClick={() =>
            assign
              .mutateAsync({ ticketId: ticket.id, assigneeId: me.id })
              .then(() => showToast(`#${ticket.number} is assigned to you.`))
              // A failure shows nowhere else: say it rather than leave the click unanswered.
              .catch(() => showToast(`#${ticket.number} could not be assigned to you.`))
          }
        >
          Assign to me
        </Button>
      ) : null}
      <Button
        variant="secondary"
        aria-label={`Assign #${ticket.number} to a colleague`}
        onClick={() => setChoosing(true)}
      >
        Assign…
      </Button>
      <ConfirmDialog
        open={choosing}
        title={`Assign #${ticket.number} to a colleague`}
        confirmLabel="Assign"
        busyLabel="Assigning…"
        onConfirm={async () => {
          const colleague = colleagues.find((person) => person.id === colleagueId);
          if (!colleague) return false;
          await assign.mutateAsync({ ticketId: ticket.id, assigneeId: colleague.id });
          showToast(`#${ticket.number} is assigned to ${colleague.name}.`);
        }}
        onClose={() => setChoosing(false)}
      >
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
      </ConfirmDialog>
    </span>
  );
}
