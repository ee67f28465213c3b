import type { Contact } from '@portals/domain';
import { ApiErrorMessage, FormError, roleLabels } from '@portals/web-ui';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useContacts } from '../api/get-contacts';
import { useRemoveContact } from '../api/remove-contact';
import { useUpdateContact } from '../api/update-contact';
import { checkPerson, hasPersonErrors, type PersonErrors, PersonFields, readPerson } from './person-fields';

/** "Are you sure?" before removing: the person's access ends at once. */
function RemoveConfirmation({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const headingId = useId();
  const headingRef = useRef<HTMLParagraphElement>(null);
  const remove = useRemoveContact();
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="alert" aria-labelledby={headingId}>
      <p className="alert-summary" id={headingId} ref={headingRef} tabIndex={-1}>
        Remove {contact.name} as a contact?
      </p>
      <p>
        Their roles end at once, they are signed out everywhere and their API tokens stop working. Their
        history stays.
      </p>
      {remove.isError ? <FormError error={remove.error} /> : null}
      <div className="actions">
        <button
          className="button button-danger"
          type="button"
          disabled={remove.isPending}
          onClick={() => remove.mutate(contact.id, { onSuccess: onDone })}
        >
          {remove.isPending ? 'Removing…' : 'Remove the contact'}
        </button>
        <button className="button button-secondary" type="button" onClick={onDone}>
          Keep them
        </button>
      </div>
    </section>
  );
}

/** Name, email and phone of one contact; only what changed is sent. */
function EditContactForm({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const headingId = useId();
  const update = useUpdateContact();
  const [checkErrors, setCheckErrors] = useState<PersonErrors>({});
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const person = readPerson(new FormData(event.currentTarget));
    const errors = checkPerson(person);
    setCheckErrors(errors);
    if (hasPersonErrors(errors)) return;
    const phone = person.phone === '' ? null : person.phone;
    const request = {
      ...(person.name !== contact.name ? { name: person.name } : {}),
      ...(person.email !== contact.email ? { email: person.email } : {}),
      ...(phone !== contact.phone ? { phone } : {}),
    };
    if (Object.keys(request).length === 0) {
      onDone();
      return;
    }
    update.mutate({ contactId: contact.id, request }, { onSuccess: onDone });
  };
  return (
    <section className="notice" aria-labelledby={headingId}>
      <h3 id={headingId}>Edit {contact.name}</h3>
      {update.isError ? <FormError error={update.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <PersonFields
          defaults={{ name: contact.name, email: contact.email, phone: contact.phone ?? '' }}
          checkErrors={checkErrors}
          apiError={update.error}
        />
        <div className="actions">
          <button className="button" type="submit" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save the changes'}
          </button>
          <button className="button button-secondary" type="button" onClick={onDone}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

type Action = { kind: 'edit' | 'remove'; contact: Contact } | null;

/** The organization's contacts and roles; editing and removing for those who may manage them. */
export function ContactsTable({ canManage }: { canManage: boolean }) {
  const contacts = useContacts();
  const [action, setAction] = useState<Action>(null);
  if (contacts.isPending) return <p role="status">Loading your contacts…</p>;
  if (contacts.isError) {
    return (
      <ApiErrorMessage
        summary="Your contacts could not be loaded."
        error={contacts.error}
        onRetry={() => {
          void contacts.refetch();
        }}
      />
    );
  }
  const items = contacts.data.items;
  if (items.length === 0) return <p className="card">Your organization has no contacts yet.</p>;
  const done = () => setAction(null);
  return (
    <div className="card">
      {action?.kind === 'edit' ? (
        <EditContactForm key={action.contact.id} contact={action.contact} onDone={done} />
      ) : null}
      {action?.kind === 'remove' ? (
        <RemoveConfirmation key={action.contact.id} contact={action.contact} onDone={done} />
      ) : null}
      <div className="table-scroll">
        <table className="table">
          <caption>Your organization's contacts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col">Roles</th>
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {items.map((contact) => (
              <tr key={contact.id}>
                <th scope="row">{contact.name}</th>
                <td>{contact.email}</td>
                <td>{contact.phone ?? <span className="muted">None</span>}</td>
                <td>{contact.roles.map((role) => roleLabels[role]).join(', ')}</td>
                {canManage ? (
                  <td className="nowrap">
                    <button
                      className="button button-secondary"
                      type="button"
                      aria-label={`Edit ${contact.name}`}
                      onClick={() => setAction({ kind: 'edit', contact })}
                    >
                      Edit
                    </button>{' '}
                    {contact.roles.includes('main') ? null : (
                      <button
                        className="button button-secondary"
                        type="button"
                        aria-label={`Remove ${contact.name}`}
                        onClick={() => setAction({ kind: 'remove', contact })}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
