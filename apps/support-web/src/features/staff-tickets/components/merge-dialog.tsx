import type { Ticket } from '@portals/domain';
import { Button, ConfirmDialog, useApiClient, useToast } from '@portals/web-ui';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { findTicketByNumber } from '../api/find-ticket-by-number';
import { getTicketQueryOptions } from '../api/get-ticket';
import { useMergeTicket } from '../api/merge-ticket';

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const numberPattern = /^#?\s*(\d{1,15})$/;

/** A ticket's id, typed as such or inside a copied link to its page. */
export const ticketIdIn = (text: string): string | null => uuidPattern.exec(text)?.[0]?.toLowerCase() ?? null;

/** A ticket's number as people quote it: `#1042` or `1042`. */
export const ticketNumberIn = (text: string): number | null => {
  const digits = numberPattern.exec(text.trim())?.[1];
  return digits ? Number(digits) : null;
};

/**
 * Merges this ticket (the duplicate) into another: first the target is looked up, then the dialog
 * names both before anything moves. Afterwards the target opens.
 */
export function MergeDialog({ ticket }: { ticket: Ticket }) {
  const [open, setOpen] = useState(false);
  const [targetText, setTargetText] = useState('');
  const [target, setTarget] = useState<Ticket | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fieldId = useId();
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  const merge = useMergeTicket();
  const { showToast } = useToast();
  const navigate = useNavigate();

  const close = () => {
    setOpen(false);
    setTarget(null);
    setTargetText('');
    setProblem(null);
  };

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} disabled={ticket.status === 'closed'}>
        Merge into another ticket…
      </Button>
      <ConfirmDialog
        open={open}
        title={
          target
            ? `Merge #${ticket.number} into #${target.number}?`
            : `Merge #${ticket.number} into another ticket`
        }
        confirmLabel={target ? `Merge into #${target.number}` : 'Find the ticket'}
        busyLabel={target ? 'Merging…' : 'Looking…'}
        variant={target ? 'danger' : 'primary'}
        onConfirm={async () => {
          if (!target) {
            const targetNumber = ticketNumberIn(targetText);
            let targetId = ticketIdIn(targetText);
            if (targetId === null && targetNumber !== null) {
              const found = await findTicketByNumber(apiClient, targetNumber);
              if (!found) {
                setProblem(`There is no ticket #${targetNumber}.`);
                return false;
              }
              targetId = found.id;
            }
            if (targetId === null) {
              setProblem(
                "Type the other ticket's number (#1042), or paste its id or the address of its page.",
              );
              return false;
            }
            if (targetId === ticket.id) {
              setProblem('A ticket cannot be merged into itself.');
              return false;
            }
            setProblem(null);
            setTarget(await queryClient.fetchQuery(getTicketQueryOptions(apiClient, targetId)));
            return false;
          }
          await merge.mutateAsync({ ticketId: ticket.id, intoTicketId: target.id });
          showToast(`#${ticket.number} was merged into #${target.number}.`);
          close();
          navigate(`/staff/tickets/${target.id}`);
        }}
        onClose={close}
      >
        {target ? (
          <>
            <p>
              The conversation and attachments of{' '}
              <strong>
                #{ticket.number} {ticket.subject}
              </strong>{' '}
              are copied to{' '}
              <strong>
                #{target.number} {target.subject}
              </strong>{' '}
              ({target.organizationName}). #{ticket.number} is closed and its requester is told.
            </p>
            <p>This cannot be undone.</p>
          </>
        ) : (
          <>
            <label htmlFor={fieldId}>
              The ticket to keep (its number, its id or the address of its page)
            </label>
            <input id={fieldId} value={targetText} onChange={(event) => setTargetText(event.target.value)} />
            {problem ? (
              <p className="field-error" role="alert">
                {problem}
              </p>
            ) : null}
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
