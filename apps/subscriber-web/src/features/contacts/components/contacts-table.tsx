import { type Contact, NewPerson } from '@portals/domain';
import {
  Button,
  ConfirmDialog,
  Dialog,
  FormError,
  roleLabels,
  setServerFieldErrors,
  Table,
  tableStateOf,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useState } from 'react';
import { useContacts } from '../api/get-contacts';
import { useRemoveContact } from '../api/remove-contact';
import { useUpdateContact } from '../api/update-contact';
import { PersonFields, personMessages } from './person-fields';

/** "Are you sure?" before removing: the person's access ends at once. */
function RemoveConfirmation({ contact, onDone }: { contact: Contact | null; onDone: () => void }) {
  const remove = useRemoveContact();
  const { showToast } = useToast();
  return (
    <ConfirmDialog
      open={contact !== null}
      title={contact ? `Remove ${contact.name} as a contact?` : ''}
      confirmLabel="Remove the contact"
      busyLabel="Removing…"
      cancelLabel="Keep them"
      variant="danger"
      onConfirm={async () => {
        if (!contact) return;
        await remove.mutateAsync(contact.id);
        showToast(`${contact.name} was removed; their access has ended.`);
      }}
      onClose={onDone}
    >
      <p>
        Their roles end at once, they are signed out everywhere and their API tokens stop working. Their
        history stays.
      </p>
    </ConfirmDialog>
  );
}

/** Name, email and phone of one contact; only what changed is sent. */
function EditContactForm({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const update = useUpdateContact();
  const { showToast } = useToast();
  const form = useZodForm(
    NewPerson,
    { name: contact.name, email: contact.email, phone: contact.phone ?? '' },
    { messages: personMessages },
  );
  const handleSubmit = form.handleSubmit((person) => {
    const phone = person.phone?.trim() ? person.phone.trim() : null;
    const request = {
      ...(person.name !== contact.name ? { name: person.name } : {}),
      ...(person.email !== contact.email ? { email: person.email } : {}),
      ...(phone !== contact.phone ? { phone } : {}),
    };
    if (Object.keys(request).length === 0) {
      showToast('Nothing was changed.');
      onDone();
      return;
    }
    update.mutate(
      { contactId: contact.id, request },
      {
        onSuccess: () => {
          showToast(`The changes to ${contact.name} were saved and confirmed to them by email.`);
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    );
  });
  return (
    <>
      {update.isError ? <FormError error={update.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <PersonFields control={form.control} />
        <div className="actions">
          <Button type="submit" busy={update.isPending} busyLabel="Saving…">
            Save the changes
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}

type Action = { kind: 'edit' | 'remove'; contact: Contact } | null;

/** The organization's contacts and roles; editing and removing for those who may manage them. */
export function ContactsTable({ canManage }: { canManage: boolean }) {
  const contacts = useContacts();
  const [action, setAction] = useState<Action>(null);
  const done = () => setAction(null);
  return (
    <div className="card">
      <Dialog
        open={action?.kind === 'edit'}
        title={action?.kind === 'edit' ? `Edit ${action.contact.name}` : ''}
        onClose={done}
      >
        {action?.kind === 'edit' ? (
          <EditContactForm key={action.contact.id} contact={action.contact} onDone={done} />
        ) : null}
      </Dialog>
      <RemoveConfirmation contact={action?.kind === 'remove' ? action.contact : null} onDone={done} />
      <Table
        caption="Your organization's contacts"
        rowKey={(contact) => contact.id}
        state={tableStateOf(contacts, (data) => data.items)}
        loadingMessage="Loading your contacts…"
        errorSummary="Your contacts could not be loaded."
        empty={{ message: 'Your organization has no contacts yet.' }}
        columns={[
          { key: 'name', header: 'Name', rowHeader: true, cell: (contact) => contact.name },
          { key: 'email', header: 'Email', cell: (contact) => contact.email },
          {
            key: 'phone',
            header: 'Phone',
            cell: (contact) => contact.phone ?? <span className="muted">None</span>,
          },
          {
            key: 'roles',
            header: 'Roles',
            cell: (contact) => contact.roles.map((role) => roleLabels[role]).join(', '),
          },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  header: <span className="visually-hidden">Actions</span>,
                  nowrap: true,
                  cell: (contact: Contact) => (
                    <>
                      <Button
                        variant="secondary"
                        aria-label={`Edit ${contact.name}`}
                        onClick={() => setAction({ kind: 'edit', contact })}
                      >
                        Edit
                      </Button>{' '}
                      {contact.roles.includes('main') ? null : (
                        <Button
                          variant="secondary"
                          aria-label={`Remove ${contact.name}`}
                          onClick={() => setAction({ kind: 'remove', contact })}
                        >
                          Remove
                        </Button>
                      )}
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
