import { CreateContactRequestRequest } from '@portals/domain';
import {
  Button,
  blankAsMissing,
  type FormControl,
  FormError,
  formatInstant,
  SelectField,
  setServerFieldErrors,
  Table,
  TextField,
  tableStateOf,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useCreateContactRequest } from '../api/create-contact-request';
import { useContactRequests } from '../api/get-contact-requests';
import { useContacts } from '../api/get-contacts';
import { contactRequestKindLabels, contactRequestStatusLabels } from './contact-request-labels';
import { PersonFields, type PersonValues, personMessages, toRequestPerson } from './person-fields';

const [technicalContactRequest, handoverRequest] = CreateContactRequestRequest.options;

const TechnicalContactForm = technicalContactRequest.omit({ kind: true }).extend({
  reason: blankAsMissing(technicalContactRequest.shape.reason),
});

const HandoverForm = handoverRequest.omit({ kind: true }).extend({
  reason: blankAsMissing(handoverRequest.shape.reason),
});

function ReasonField<Values extends { reason: string }>({ control }: { control: FormControl<Values> }) {
  return (
    <TextField
      control={control as unknown as FormControl<{ reason: string }>}
      name="reason"
      label="Reason (optional)"
      maxLength={2000}
      autoComplete="off"
    />
  );
}

/** Asks staff for a technical contact beyond the tier's allowance; may start from a person already typed. */
export function RequestTechnicalContactForm({
  initial,
  onDone,
}: {
  initial?: PersonValues | undefined;
  onDone: () => void;
}) {
  const request = useCreateContactRequest();
  const { showToast } = useToast();
  const form = useZodForm(
    TechnicalContactForm,
    { name: initial?.name ?? '', email: initial?.email ?? '', phone: initial?.phone ?? '', reason: '' },
    { messages: personMessages },
  );
  const handleSubmit = form.handleSubmit(({ reason, ...person }) =>
    request.mutate(
      { kind: 'technical_contact', ...toRequestPerson(person), ...(reason ? { reason } : {}) },
      {
        onSuccess: (sent) => {
          showToast(
            `Your request for ${sent.name ?? 'an additional technical contact'} was sent. Staff will decide; you will be told by email.`,
          );
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    ),
  );
  return (
    <>
      <p>Beyond your tier's named accounts: staff decide, and you are told by email.</p>
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <PersonFields control={form.control} />
        <ReasonField control={form.control} />
        <div className="actions">
          <Button type="submit" busy={request.isPending} busyLabel="Sending…">
            Send the request
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}

/** Asks staff to hand the main contact role to another current contact. */
export function RequestHandoverForm({ onDone }: { onDone: () => void }) {
  const contacts = useContacts();
  const request = useCreateContactRequest();
  const { showToast } = useToast();
  const candidates = (contacts.data?.items ?? []).filter((contact) => !contact.roles.includes('main'));
  const form = useZodForm(
    HandoverForm,
    { targetUserId: '', reason: '' },
    { messages: { targetUserId: 'Choose who becomes the main contact.' } },
  );
  if (contacts.isPending) return <p role="status">Loading your contacts…</p>;
  if (candidates.length === 0) {
    return (
      <>
        <p className="muted">Add another contact first: the main contact role goes to a current contact.</p>
        <Button variant="secondary" onClick={onDone}>
          Close
        </Button>
      </>
    );
  }
  const handleSubmit = form.handleSubmit(({ targetUserId, reason }) =>
    request.mutate(
      { kind: 'main_contact_handover', targetUserId, ...(reason ? { reason } : {}) },
      {
        onSuccess: () => {
          showToast('Your handover request was sent. Staff will decide; you will be told by email.');
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    ),
  );
  return (
    <>
      <p>Staff confirm the handover; you keep a technical role if you hold no other.</p>
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SelectField
          control={form.control}
          name="targetUserId"
          label="New main contact"
          options={[
            { value: '', label: 'Choose a contact' },
            ...candidates.map((contact) => ({
              value: contact.id,
              label: `${contact.name} (${contact.email})`,
            })),
          ]}
        />
        <ReasonField control={form.control} />
        <div className="actions">
          <Button type="submit" busy={request.isPending} busyLabel="Sending…">
            Request the handover
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}

/** The organization's contact requests, newest first, with status and any decline reason. */
export function ContactRequestsTable() {
  const requests = useContactRequests();
  const contacts = useContacts();
  const nameOf = (userId: string | null) =>
    contacts.data?.items.find((contact) => contact.id === userId)?.name ?? 'A former contact';
  return (
    <div className="card">
      <Table
        caption="Your organization's contact requests, newest first"
        rowKey={(request) => request.id}
        state={tableStateOf(requests, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading your requests…"
        errorSummary="Your contact requests could not be loaded."
        empty={{ message: 'Your organization has made no contact requests.' }}
        pages={{ query: requests, failureSummary: 'More contact requests could not be loaded.' }}
        columns={[
          {
            key: 'kind',
            header: 'Request',
            rowHeader: true,
            cell: (request) => contactRequestKindLabels[request.kind],
          },
          {
            key: 'for',
            header: 'For',
            cell: (request) =>
              request.kind === 'technical_contact'
                ? `${request.name ?? ''} (${request.email ?? ''})`
                : nameOf(request.targetUserId),
          },
          {
            key: 'requested',
            header: 'Requested',
            cell: (request) => <time dateTime={request.createdAt}>{formatInstant(request.createdAt)}</time>,
          },
          {
            key: 'status',
            header: 'Status',
            cell: (request) => (
              <span className={`status status-${request.status}`}>
                {contactRequestStatusLabels[request.status]}
              </span>
            ),
          },
          { key: 'reason', header: 'Decline reason', cell: (request) => request.declineReason ?? '' },
        ]}
      />
    </div>
  );
}
