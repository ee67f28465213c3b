import { ReplaceAdministrativeContactRequest } from '@portals/domain';
import { Button, FormError, setServerFieldErrors, useToast, useZodForm } from '@portals/web-ui';
import { useReplaceAdministrativeContact } from '../api/replace-administrative-contact';
import { PersonFields, personMessages, toRequestPerson } from './person-fields';

/** Makes a new person the administrative contact; the previous one loses the role. */
export function ReplaceAdministrativeContactForm({ onDone }: { onDone: () => void }) {
  const replace = useReplaceAdministrativeContact();
  const { showToast } = useToast();
  const form = useZodForm(
    ReplaceAdministrativeContactRequest,
    { name: '', email: '', phone: '' },
    { messages: personMessages },
  );
  const handleSubmit = form.handleSubmit((person) =>
    replace.mutate(toRequestPerson(person), {
      onSuccess: (contact) => {
        showToast(`${contact.name} is now the administrative contact.`);
        onDone();
      },
      onError: (error) => setServerFieldErrors(form, error),
    }),
  );
  return (
    <>
      <p>
        The new person becomes the administrative contact; the previous one loses the role, and is removed if
        they hold no other.
      </p>
      {replace.isError ? <FormError error={replace.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <PersonFields control={form.control} />
        <div className="actions">
          <Button type="submit" busy={replace.isPending} busyLabel="Replacing…">
            Replace the administrative contact
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}
