import { ApiErrorMessage, FormError, useToast } from '@portals/web-ui';
import { type ReactNode, useId } from 'react';
import { useChangeTicketSharing } from '../api/change-ticket-sharing';
import { useOrganization } from '../api/get-organization';

/** The main contact's switch for organization-wide ticket sharing, saved on each change. */
export function TicketSharingCard() {
  const headingId = useId();
  const organization = useOrganization();
  const change = useChangeTicketSharing();
  const { showToast } = useToast();
  let content: ReactNode;
  if (organization.isPending) {
    content = <p role="status">Loading your organization…</p>;
  } else if (organization.isError) {
    content = (
      <ApiErrorMessage
        summary="Your organization's ticket sharing could not be loaded."
        error={organization.error}
        onRetry={() => {
          void organization.refetch();
        }}
      />
    );
  } else {
    const enabled = organization.data.ticketSharing;
    content = (
      <>
        {change.isError ? <FormError error={change.error} /> : null}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={enabled}
            disabled={change.isPending}
            onChange={(event) =>
              change.mutate(event.currentTarget.checked, {
                onSuccess: (saved) =>
                  showToast(`Saved: ticket sharing is ${saved.ticketSharing ? 'on' : 'off'}.`),
              })
            }
          />
          <span>Share all of {organization.data.name}'s tickets with every technical contact</span>
        </label>
        <p className="muted" aria-live="polite">
          {change.isPending ? 'Saving…' : ''}
        </p>
      </>
    );
  }
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Ticket sharing</h2>
      <ul>
        <li>
          <strong>Off:</strong> each technical contact sees only their own tickets and those they are copied
          on.
        </li>
        <li>
          <strong>On:</strong> all technical contacts see all of the organization's tickets.
        </li>
      </ul>
      <p className="muted">As the main contact, you always see all of your organization's tickets.</p>
      {content}
    </section>
  );
}
