import { isApiError } from '@portals/api-client';
import {
  ApiErrorMessage,
  FormError,
  formatInstant,
  formValue,
  LoadMore,
  SelectField,
  TextField,
} from '@portals/web-ui';
import { type FormEvent, useState } from 'react';
import { useCreateContactRequest } from '../api/create-contact-request';
import { useContactRequests } from '../api/get-contact-requests';
import { useContacts } from '../api/get-contacts';
import { contactRequestKindLabels, contactRequestStatusLabels } from './contact-request-labels';
import { checkPerson, hasPersonErrors, type PersonErrors, PersonFields, readPerson } from './person-fields';

const reasonField = (apiError: unknown) => (
  <TextField
    label="Reason (optional)"
    name="reason"
    maxLength={2000}
    autoComplete="off"
    error={isApiError(apiError) ? apiError.fieldError('body.reason') : undefined}
  />
);

/** Asks staff for a technical contact beyond the tier's allowance. */
export function RequestTechnicalContactForm() {
  const request = useCreateContactRequest();
  const [checkErrors, setCheckErrors] = useState<PersonErrors>({});
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const person = readPerson(data);
    const reason = formValue(data, 'reason').trim();
    const errors = checkPerson(person);
    setCheckErrors(errors);
    if (hasPersonErrors(errors)) return;
    request.mutate(
      {
        kind: 'technical_contact',
        name: person.name,
        email: person.email,
        ...(person.phone ? { phone: person.phone } : {}),
        ...(reason ? { reason } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <>
      {request.isSuccess ? (
        <p className="notice" role="status">
          Your request was sent. Staff will decide; you will be told by email.
        </p>
      ) : null}
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <PersonFields checkErrors={checkErrors} apiError={request.error} />
        {reasonField(request.error)}
        <button className="button" type="submit" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Request an additional technical contact'}
        </button>
      </form>
    </>
  );
}

/** Asks staff to hand the main contact role to another current contact. */
export function RequestHandoverForm() {
  const contacts = useContacts();
  const request = useCreateContactRequest();
  const [checkError, setCheckError] = useState<string | undefined>();
  const candidates = (contacts.data?.items ?? []).filter((contact) => !contact.roles.includes('main'));
  if (contacts.isPending) return <p role="status">Loading your contacts…</p>;
  if (candidates.length === 0) {
    return (
      <p className="muted">Add another contact first: the main contact role goes to a current contact.</p>
    );
  }
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const targetUserId = formValue(data, 'targetUserId');
    const reason = formValue(data, 'reason').trim();
    setCheckError(targetUserId ? undefined : 'Choose who becomes the main contact.');
    if (!targetUserId) return;
    request.mutate({ kind: 'main_contact_handover', targetUserId, ...(reason ? { reason } : {}) });
  };
  const apiError = isApiError(request.error) ? request.error : null;
  return (
    <>
      {request.isSuccess ? (
        <p className="notice" role="status">
          Your handover request was sent. Staff will decide; you will be told by email.
        </p>
      ) : null}
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SelectField
          label="New main contact"
          name="targetUserId"
          options={candidates.map((contact) => ({
            value: contact.id,
            label: `${contact.name} (${contact.email})`,
          }))}
          error={checkError ?? apiError?.fieldError('body.targetUserId')}
        />
        {reasonField(request.error)}
        <button className="button" type="submit" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Request the handover'}
        </button>
      </form>
    </>
  );
}

/** The organization's contact requests, newest first, with status and any decline reason. */
export function ContactRequestsTable() {
  const requests = useContactRequests();
  const contacts = useContacts();
  if (requests.isPending) return <p role="status">Loading your requests…</p>;
  if (requests.isError && !requests.isFetchNextPageError) {
    return (
      <ApiErrorMessage
        summary="Your contact requests could not be loaded."
        error={requests.error}
        onRetry={() => {
          void requests.refetch();
        }}
      />
    );
  }
  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];
  if (items.length === 0) return <p className="card">Your organization has made no contact requests.</p>;
  const nameOf = (userId: string | null) =>
    contacts.data?.items.find((contact) => contact.id === userId)?.name ?? 'A former contact';
  return (
    <div className="card">
      <div className="table-scroll">
        <table className="table">
          <caption>Your organization's contact requests, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">For</th>
              <th scope="col">Requested</th>
              <th scope="col">Status</th>
              <th scope="col">Decline reason</th>
            </tr>
          </thead>
          <tbody>
            {items.map((request) => (
              <tr key={request.id}>
                <th scope="row">{contactRequestKindLabels[request.kind]}</th>
                <td>
                  {request.kind === 'technical_contact'
                    ? `${request.name ?? ''} (${request.email ?? ''})`
                    : nameOf(request.targetUserId)}
                </td>
                <td>
                  <time dateTime={request.createdAt}>{formatInstant(request.createdAt)}</time>
                </td>
                <td>
                  <span className={`status status-${request.status}`}>
                    {contactRequestStatusLabels[request.status]}
                  </span>
                </td>
                <td>{request.declineReason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore query={requests} failureSummary="More contact requests could not be loaded." />
    </div>
  );
}
