import type { Ticket } from '@portals/domain';
import { Button, FormError, useToast } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useChangeTicketCcs } from '../api/change-ticket-ccs';
import { useOrganizationContacts } from '../api/get-organization-contacts';

/** Who is copied on the ticket: stop copying someone, or copy another contact of its organization. */
export function CcControl({ ticket }: { ticket: Ticket }) {
  const fieldId = useId();
  const contacts = useOrganizationContacts(ticket.organizationId);
  const change = useChangeTicketCcs();
  const { showToast } = useToast();
  const [contactId, setContactId] = useState('');
  const copied = new Set(ticket.ccs.map((person) => person.id));
  const candidates = (contacts.data?.items ?? []).filter(
    (contact) => !copied.has(contact.id) && contact.id !== ticket.requester.id,
  );
  const chosen = candidates.find((contact) => contact.id === contactId);
  return (
    <div className="ticket-control">
      <p>Copied:</p>
      {ticket.ccs.length === 0 ? (
        <p className="muted">Nobody</p>
      ) : (
        <ul aria-label="Copied on the ticket" className="plain-list">
          {ticket.ccs.map((person) => (
            <li key={person.id}>
              {person.name}{' '}
              <Button
                variant="secondary"
                aria-label={`Stop copying ${person.name}`}
                disabled={change.isPending}
                onClick={() =>
                  change.mutate(
                    { ticketId: ticket.id, remove: [person.id] },
                    { onSuccess: () => showToast(`${person.name} is no longer copied.`) },
                  )
                }
              >
                Stop copying
              </Button>
            </li>
          ))}
        </ul>
      )}
      {candidates.length > 0 ? (
        <div className="actions">
          <label htmlFor={fieldId}>Copy a contact</label>
          <select id={fieldId} value={contactId} onChange={(event) => setContactId(event.target.value)}>
            <option value="">Choose a contact of {ticket.organizationName}</option>
            {candidates.map((contact) => (
              <option key={contact.id} value={contact.id}>
                {contact.name} ({contact.email})
              </option>
            ))}
          </select>
          <Button
            variant="secondary"
            disabled={!chosen || change.isPending}
            onClick={() => {
              if (!chosen) return;
              change.mutate(
                { ticketId: ticket.id, add: [chosen.id] },
                {
                  onSuccess: () => {
                    setContactId('');
                    showToast(`${chosen.name} is copied on #${ticket.number}.`);
                  },
                },
              );
            }}
          >
            Copy
          </Button>
        </div>
      ) : null}
      {contacts.isError ? (
        <FormError error={contacts.error}>The contacts could not be loaded.</FormError>
      ) : null}
      {change.error ? <FormError error={change.error} /> : null}
    </div>
  );
}
