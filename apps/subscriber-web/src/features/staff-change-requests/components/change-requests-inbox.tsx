import {
  type ChangeRequest,
  ChangeRequestKind,
  ChangeRequestStatus,
  changeRequestKinds,
  changeRequestStatuses,
  DeclineChangeRequestRequest,
  formatMoney,
} from '@portals/domain';
import {
  Button,
  ConfirmDialog,
  formatInstant,
  OrganizationPicker,
  setServerFieldErrors,
  Table,
  TextField,
  tableStateOf,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  changeRequestKindLabels,
  changeRequestStatusLabels,
  describeChange,
  subjectOf,
} from '../../change-requests/components/change-request-labels';
import { useDecideChangeRequest } from '../api/decide-change-request';
import { useStaffChangeRequests } from '../api/get-staff-change-requests';

const what = (request: ChangeRequest) =>
  `${changeRequestKindLabels[request.kind]}: ${describeChange(request)} for ${request.organization.name}`;

/** Declining needs a reason: the requester is told it. */
function DeclineDialog({ request, onDone }: { request: ChangeRequest | null; onDone: () => void }) {
  const decide = useDecideChangeRequest();
  const { showToast } = useToast();
  const form = useZodForm(
    DeclineChangeRequestRequest,
    { reason: '' },
    { messages: { reason: 'Give the reason: the requester is told it.' } },
  );
  const close = () => {
    form.reset();
    onDone();
  };
  return (
    <ConfirmDialog
      open={request !== null}
      title={request ? `Decline the request of ${request.organization.name}` : ''}
      confirmLabel="Decline the request"
      busyLabel="Declining…"
      variant="danger"
      onConfirm={async () => {
        if (!request) return;
        let declined = false;
        await form.handleSubmit(async ({ reason }) => {
          try {
            await decide.mutateAsync({ action: 'decline', requestId: request.id, reason });
          } catch (error) {
            setServerFieldErrors(form, error);
            throw error;
          }
          declined = true;
          showToast(`Declined: ${request.requestedBy.name} is told the reason by email.`);
        })();
        return declined;
      }}
      onClose={close}
    >
      {request ? <p>{what(request)}</p> : null}
      <form className="form" noValidate onSubmit={(event) => event.preventDefault()}>
        <TextField
          control={form.control}
          name="reason"
          label="Reason"
          required
          maxLength={2000}
          autoComplete="off"
          hint="The requester receives it by email and sees it in the portal."
        />
      </form>
    </ConfirmDialog>
  );
}

/** What approving does, said before it is done. */
const approvalConsequence = (request: ChangeRequest): string => {
  if (request.kind === 'end_user_registration') {
    return `Its Order Form is processed at once: ${request.endUser?.name ?? 'the end user'} is created as an end user of ${request.organization.name}, with a subscription for a year from today, and its main contact (${request.endUser?.mainContact.email ?? ''}) receives both Welcome emails. The requester is told by email.`;
  }
  if (request.kind === 'partner_level_upgrade') {
    return `${request.organization.name} becomes a ${request.partnerLevel ?? ''} partner at once, and the requester is told by email.`;
  }
  return `The subscription (${subjectOf(request)}) changes at once, a draft invoice for the pro-rated difference is made for billing staff to issue, and the requester is told by email.`;
};

const appliedMessage = (request: ChangeRequest, applied: ChangeRequest): string => {
  if (request.kind === 'end_user_registration') {
    return `Applied: ${request.endUser?.name ?? 'the end user'} is registered, and its main contact was sent the Welcome emails.`;
  }
  if (request.kind === 'partner_level_upgrade') {
    return `Applied: ${request.organization.name} is now a ${request.partnerLevel ?? ''} partner.`;
  }
  return applied.invoiceId && applied.currency
    ? `Applied: ${request.organization.name}'s subscription changed, and a draft invoice of ${formatMoney(applied.proratedMinor ?? 0, applied.currency)} before tax awaits billing.`
    : `Applied: ${request.organization.name}'s subscription changed; nothing was due.`;
};

function ApproveDialog({ request, onDone }: { request: ChangeRequest | null; onDone: () => void }) {
  const decide = useDecideChangeRequest();
  const { showToast } = useToast();
  return (
    <ConfirmDialog
      open={request !== null}
      title={request ? `Approve the request of ${request.organization.name}?` : ''}
      confirmLabel="Approve and apply"
      busyLabel="Approving…"
      onConfirm={async () => {
        if (!request) return;
        const applied = await decide.mutateAsync({ action: 'approve', requestId: request.id });
        showToast(appliedMessage(request, applied));
      }}
      onClose={onDone}
    >
      {request ? (
        <>
          <p>{what(request)}</p>
          <p>{approvalConsequence(request)}</p>
        </>
      ) : null}
    </ConfirmDialog>
  );
}

type Decision = { kind: 'approve' | 'decline'; request: ChangeRequest } | null;

const parsed = <T,>(
  schema: { safeParse: (value: unknown) => { success: boolean; data?: T } },
  value: string | null,
) => {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
};

/** The account managers' inbox: counts per state, filters (state, kind, organization), decisions. */
export function ChangeRequestsInbox({ canDecide }: { canDecide: boolean }) {
  const [search, setSearch] = useSearchParams();
  const status = parsed<ChangeRequestStatus>(ChangeRequestStatus, search.get('status'));
  const kind = parsed<ChangeRequestKind>(ChangeRequestKind, search.get('kind'));
  const organizationId = search.get('organization') ?? undefined;
  const requests = useStaffChangeRequests({ status, kind, organizationId });
  const counts = requests.data?.pages[0]?.counts;
  const statusId = useId();
  const kindId = useId();
  const [decision, setDecision] = useState<Decision>(null);
  const decide = useDecideChangeRequest();
  const { showToast } = useToast();
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  };
  const done = () => setDecision(null);
  return (
    <div className="card">
      {canDecide ? null : (
        <p className="notice" role="note">
          You can follow this inbox, but your role cannot decide: account managers and administrators do.
        </p>
      )}
      <h2 className="visually-hidden">Counts per state</h2>
      <p>
        {changeRequestStatuses.map((value, index) => (
          <span key={value}>
            {index > 0 ? ' · ' : null}
            {changeRequestStatusLabels[value]}: <strong>{counts?.[value] ?? '…'}</strong>
          </span>
        ))}
      </p>
      <fieldset className="filters">
        <legend className="visually-hidden">Filters</legend>
        <span>
          <label htmlFor={statusId}>State</label>{' '}
          <select
            id={statusId}
            value={status ?? ''}
            onChange={(event) => setFilter('status', event.target.value)}
          >
            <option value="">Any state</option>
            {changeRequestStatuses.map((value) => (
              <option key={value} value={value}>
                {changeRequestStatusLabels[value]} ({counts?.[value] ?? '…'})
              </option>
            ))}
          </select>
        </span>
        <span>
          <label htmlFor={kindId}>Kind</label>{' '}
          <select id={kindId} value={kind ?? ''} onChange={(event) => setFilter('kind', event.target.value)}>
            <option value="">Any kind</option>
            {changeRequestKinds.map((value) => (
              <option key={value} value={value}>
                {changeRequestKindLabels[value]}
              </option>
            ))}
          </select>
        </span>
      </fieldset>
      <OrganizationPicker
        label="Organization"
        hint="Only this organization's requests: type a part of its name and choose it."
        value={organizationId ?? ''}
        chosenName={search.get('organizationName') ?? undefined}
        onChange={(organization) => {
          const next = new URLSearchParams(search);
          if (organization) {
            next.set('organization', organization.id);
            next.set('organizationName', organization.name);
          } else {
            next.delete('organization');
            next.delete('organizationName');
          }
          setSearch(next, { replace: true });
        }}
      />
      <ApproveDialog request={decision?.kind === 'approve' ? decision.request : null} onDone={done} />
      <DeclineDialog request={decision?.kind === 'decline' ? decision.request : null} onDone={done} />
      <Table
        caption="Change requests, oldest first"
        rowKey={(request) => request.id}
        state={tableStateOf(requests, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading the change requests…"
        errorSummary="The change requests could not be loaded."
        empty={{ message: 'No change requests match these filters.' }}
        pages={{ query: requests, failureSummary: 'More change requests could not be loaded.' }}
        columns={[
          {
            key: 'organization',
            header: 'Organization',
            rowHeader: true,
            cell: (request) => request.organization.name,
          },
          {
            key: 'request',
            header: 'Request',
            cell: (request) => (
              <>
                <strong>{changeRequestKindLabels[request.kind]}</strong>: {describeChange(request)}
                <br />
                <span className="muted">
                  {request.subscription ? `${subjectOf(request)} now` : subjectOf(request)}
                </span>
                {request.note ? <p className="muted">“{request.note}”</p> : null}
                {request.emailInUse ? (
                  <p>
                    <strong>
                      The main contact's email already has an account elsewhere: it cannot be approved.
                    </strong>
                  </p>
                ) : null}
              </>
            ),
          },
          {
            key: 'requested',
            header: 'Requested',
            cell: (request) => (
              <>
                {request.requestedBy.name},{' '}
                <time dateTime={request.createdAt}>{formatInstant(request.createdAt)}</time>
              </>
            ),
          },
          {
            key: 'status',
            header: 'Status',
            cell: (request) => (
              <>
                <span className={`status status-${request.status}`}>
                  {changeRequestStatusLabels[request.status]}
                </span>
                {request.reviewedBy && !request.decidedAt ? (
                  <p className="muted">by {request.reviewedBy.name}</p>
                ) : null}
                {request.decidedBy ? (
                  <p className="muted">
                    {request.decidedBy.name}
                    {request.declineReason ? `: ${request.declineReason}` : ''}
                  </p>
                ) : null}
                {request.invoiceId ? (
                  <p>
                    <Link to={`/back-office/invoices/${request.invoiceId}`}>
                      Draft invoice, {formatMoney(request.proratedMinor ?? 0, request.currency ?? 'EUR')}{' '}
                      before tax
                    </Link>
                  </p>
                ) : null}
              </>
            ),
          },
          ...(canDecide
            ? [
                {
                  key: 'decision',
                  header: <span className="visually-hidden">Decision</span>,
                  cell: (request: ChangeRequest) =>
                    request.status === 'submitted' || request.status === 'in_review' ? (
                      <div className="decision-actions">
                        {request.status === 'submitted' ? (
                          <Button
                            variant="secondary"
                            busy={decide.isPending && decide.variables?.requestId === request.id}
                            busyLabel="Taking…"
                            aria-label={`Start review of the request of ${request.organization.name}`}
                            onClick={() =>
                              decide.mutate(
                                { action: 'start-review', requestId: request.id },
                                {
                                  onSuccess: () =>
                                    showToast(
                                      `You are reviewing the request of ${request.organization.name}.`,
                                    ),
                                  onError: (error) => showToast(error.message),
                                },
                              )
                            }
                          >
                            Start review
                          </Button>
                        ) : null}
                        <Button
                          aria-label={`Approve the request of ${request.organization.name}`}
                          onClick={() => setDecision({ kind: 'approve', request })}
                        >
                          Approve
                        </Button>
                        <Button
                          variant="secondary"
                          aria-label={`Decline the request of ${request.organization.name}`}
                          onClick={() => setDecision({ kind: 'decline', request })}
                        >
                          Decline
                        </Button>
                      </div>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
