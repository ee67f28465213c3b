import { isApiError } from '@portals/api-client';
import { type AssignableContactRole, NewPerson } from '@portals/domain';
import { Button, FormError, setServerFieldErrors, useToast, useZodForm } from '@portals/web-ui';
import { useAddContact } from '../api/add-contact';
import { PersonFields, type PersonValues, personMessages, toRequestPerson } from './person-fields';

const addedAs: Record<AssignableContactRole, string> = {
  technical: 'technical contact',
  administrative: 'administrative contact',
};

/** Whether the API refused a technical contact because no seat is free (another change took the last one). */
const noSeatLeft = (error: unknown) =>
  isApiError(error) &&
  error.status === 409 &&
  error.fieldErrors.some((fieldError) => fieldError.path.endsWith('role'));

/**
 * Adds a technical or the administrative contact (the page offers a technical one only while a seat is
 * free). Should the last seat go meanwhile, the API's refusal shows with the offer to ask staff instead,
 * which opens the request form with this person filled in.
 */
export function AddContactForm({
  contactRole: role,
  onDone,
  onRequestInstead,
}: {
  contactRole: AssignableContactRole;
  onDone: () => void;
  /** Offered when no seat is left and the person may ask staff for one. */
  onRequestInstead?: ((person: PersonValues) => void) | undefined;
}) {
  const add = useAddContact();
  const { showToast } = useToast();
  const form = useZodForm(NewPerson, { name: '', email: '', phone: '' }, { messages: personMessages });

  const handleSubmit = form.handleSubmit((values) =>
    add.mutate(
      { ...toRequestPerson(values), role },
      {
        onSuccess: (contact) => {
          showToast(`${contact.name} was added as the ${addedAs[role]} and invited by email.`);
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    ),
  );

  const offerRequest = role === 'technical' && noSeatLeft(add.error) && onRequestInstead;
  return (
    <>
      {add.isError ? <FormError error={add.error} /> : null}
      {offerRequest ? (
        <p>
          <Button onClick={() => onRequestInstead(form.getValues())}>
            Request an additional technical contact instead
          </Button>
        </p>
      ) : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <PersonFields control={form.control} />
        <div className="actions">
          <Button type="submit" busy={add.isPending} busyLabel="Adding…">
            {role === 'technical' ? 'Add the technical contact' : 'Add the administrative contact'}
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}
