import { FormError } from '@portals/web-ui';
import { type FormEvent, useState } from 'react';
import { useReplaceAdministrativeContact } from '../api/replace-administrative-contact';
import { checkPerson, hasPersonErrors, type PersonErrors, PersonFields, readPerson } from './person-fields';

/** Makes a new person the administrative contact; the previous one loses the role. */
export function ReplaceAdministrativeContactForm() {
  const replace = useReplaceAdministrativeContact();
  const [checkErrors, setCheckErrors] = useState<PersonErrors>({});
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const person = readPerson(new FormData(form));
    const errors = checkPerson(person);
    setCheckErrors(errors);
    if (hasPersonErrors(errors)) return;
    replace.mutate(
      { name: person.name, email: person.email, ...(person.phone ? { phone: person.phone } : {}) },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <>
      {replace.isSuccess ? (
        <p className="notice" role="status">
          {replace.data.name} is now the administrative contact.
        </p>
      ) : null}
      {replace.isError ? <FormError error={replace.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <PersonFields checkErrors={checkErrors} apiError={replace.error} />
        <button className="button" type="submit" disabled={replace.isPending}>
          {replace.isPending ? 'Replacing…' : 'Replace the administrative contact'}
        </button>
      </form>
    </>
  );
}
