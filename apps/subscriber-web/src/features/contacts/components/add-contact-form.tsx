import { isApiError } from '@portals/api-client';
import type { AddContactRequest, AssignableContactRole } from '@portals/domain';
import { FormError, formValue, SelectField } from '@portals/web-ui';
import { type FormEvent, useState } from 'react';
import { useAddContact } from '../api/add-contact';
import { useCreateContactRequest } from '../api/create-contact-request';
import { checkPerson, hasPersonErrors, type PersonErrors, PersonFields, readPerson } from './person-fields';

const roleOptions: { value: AssignableContactRole; label: string }[] = [
  { value: 'technical', label: 'Technical contact: opens and follows support tickets' },
  { value: 'administrative', label: 'Administrative contact: billing and administrative documents' },
];

const toRequestPerson = ({ name, email, phone }: ReturnType<typeof readPerson>) => ({
  name,
  email,
  ...(phone ? { phone } : {}),
});

/**
 * Adds a technical or the administrative contact. When the tier's technical seats are all in use the
 * API refuses (409); its message shows with the offer to ask staff for an additional technical contact.
 */
export function AddContactForm({ canRequest }: { canRequest: boolean }) {
  const add = useAddContact();
  const request = useCreateContactRequest();
  const [checkErrors, setCheckErrors] = useState<PersonErrors>({});
  const [submitted, setSubmitted] = useState<AddContactRequest | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const person = readPerson(data);
    const role = formValue(data, 'role') === 'administrative' ? 'administrative' : 'technical';
    const errors = checkPerson(person);
    setCheckErrors(errors);
    setAdded(null);
    request.reset();
    if (hasPersonErrors(errors)) return;
    const body: AddContactRequest = { ...toRequestPerson(person), role };
    setSubmitted(body);
    add.mutate(body, {
      onSuccess: (contact) => {
        setAdded(`${contact.name} was added and invited by email.`);
        form.reset();
      },
    });
  };

  const apiError = isApiError(add.error) ? add.error : null;
  const seatsFull = apiError?.status === 409 && submitted?.role === 'technical';
  return (
    <>
      {added ? (
        <p className="notice" role="status">
          {added}
        </p>
      ) : null}
      {add.isError ? (
        <FormError error={add.error}>
          {seatsFull && canRequest && submitted ? (
            request.isSuccess ? (
              <p role="status">
                Your request for {submitted.name} was sent. Staff will decide; you will be told by email.
              </p>
            ) : (
              <>
                {request.isError ? <FormError error={request.error} /> : null}
                <button
                  className="button"
                  type="button"
                  disabled={request.isPending}
                  onClick={() =>
                    request.mutate({
                      kind: 'technical_contact',
                      name: submitted.name,
                      email: submitted.email,
                      ...(submitted.phone ? { phone: submitted.phone } : {}),
                    })
                  }
                >
                  {request.isPending ? 'Sending the request…' : 'Request an additional technical contact'}
                </button>
              </>
            )
          ) : null}
        </FormError>
      ) : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SelectField
          label="Role"
          name="role"
          options={roleOptions}
          error={apiError && !seatsFull ? apiError.fieldError('body.role') : undefined}
        />
        <PersonFields checkErrors={checkErrors} apiError={add.error} />
        <button className="button" type="submit" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add the contact'}
        </button>
      </form>
    </>
  );
}
