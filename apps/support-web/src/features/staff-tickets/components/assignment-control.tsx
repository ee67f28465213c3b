import type { Ticket } from '@portals/domain';
import { Button, FormError, useMe, useToast } from '@portals/web-ui';
import { useAssignTicket } from '../api/assign-ticket';

/** Who works on the ticket: take it, or give it back to the queue. */
export function AssignmentControl({ ticket }: { ticket: Ticket }) {
  const me = useMe();
  const assign = useAssignTicket();
  const { showToast } = useToast();
  const mine = ticket.assignee !== null && ticket.assignee.id === me?.id;
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
      {assign.error ? <FormError error={assign.error} /> : null}
    </div>
  );
}
