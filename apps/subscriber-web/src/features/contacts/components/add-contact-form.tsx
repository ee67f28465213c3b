import { isApiError } from '@portals/api-client';
import { AddContactRequest, type AssignableContactRole } from '@portals/domain';
import { Button, FormError, SelectField, setServerFieldErrors, useToast, useZodForm } from '@portals/web-ui';
import { useState } from 'react';
import { useAddContact } from '../api/add-contact';
import { useCreateContactRequest } from '../api/create-contact-request';
import { PersonFields, personMessages, toRequestPerson } from './person-fields';

const roleOptions: { value: AssignableContactRole; label: string }[] = [
  { value: 'technical', label: 'Technical contact: opens and follows support tickets' },
  { value: 'administrative', label: 'Administrative contact: billing and administrative documents' },
];

/**
 * Adds a technical or the administrative contact. When the tier's technical seats are all in use the
 * API refuses (409); its message shows with the offer to ask staff for an additional technical contact.
 */
export function AddContactForm({ canRequest }: { canRequest: boolean }) {
  const add = useAddContact();
  const request = useCreateContactRequest();
  const { showToast } = useToast();
  const [submitted, setSubmitted] = useState<AddContactRequest | null>(null);
  const form = useZodForm(
    AddContactRequest,
    { role: 'technical', name: '', email: '', phone: '' },
    { messages: personMessages },
  );

  const handleSubmit = form.handleSubmit((values) => {
    request.reset();
    const body: AddContactRequest = { ...toRequestPerson(values), role: values.role };
    setSubmitted(body);
    add.mutate(body, {
      onSuccess: (contact) => {
        showToast(`${contact.name} was added and invited by email.`);
        form.reset();
      },
      onError: (error) => setServerFieldErrors(form, error),
    });
  });

  const apiError = isApiError(add.error) ? add.error : null;
  const seatsFull = apiError?.status === 409 && submitted?.role === 'technical';
  return (
    <>
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
                <Button
                  busy={request.isPending}
                  busyLabel="Sending the request…"
                  onClick={() =>
                    request.mutate({
                      kind: 'technical_contact',
                      name: submitted.name,
                      email: submitted.email,
                      ...(submitted.phone ? { phone: submitted.phone } : {}),
                    })
                  }
                >
                  Request an additional technical contact
                </Button>
              </>
            )
          ) : null}
        </FormError>
      ) : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SelectField control={form.control} name="role" label="Role" options={roleOptions} />
        <PersonFields control={form.control} />
        <Button type="submit" busy={add.isPending} busyLabel="Adding…">
          Add the contact
        </Button>
      </form>
    </>
  );
}
