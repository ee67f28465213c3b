import { DeclineContactRequestRequest, describeSeatUse, type StaffContactRequest } from '@portals/domain';
import {
  Button,
  ConfirmDialog,
  formatInstant,
  setServerFieldErrors,
  Table,
  TextField,
  tableStateOf,
  tierLabels,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useState } from 'react';
import { useApproveContactRequest } from '../api/approve-contact-request';
import { useDeclineContactRequest } from '../api/decline-contact-request';
import { usePendingContactRequests } from '../api/get-pending-contact-requests';

const whatIsRequested = (request: StaffContactRequest): string =>
  request.kind === 'technical_contact'
    ? `Additional technical contact: ${request.name ?? ''} (${request.email ?? ''})`
    : 'Main contact handover to another current contact';

/** Declining needs a reason: the requester is told it. */
function DeclineDialog({ request, onDone }: { request: StaffContactRequest | null; onDone: () => void }) {
  const decline = useDeclineContactRequest();
  const { showToast } = useToast();
  const form = useZodForm(
    DeclineContactRequestRequest,
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
            await decline.mutateAsync({ requestId: request.id, reason });
          } catch (error) {
            setServerFieldErrors(form, error);
            throw error;
          }
          declined = true;
          showToast(`Declined: ${request.organization.name} is told the reason by email.`);
        })();
        return declined;
      }}
      onClose={close}
    >
      {request ? <p>{whatIsRequested(request)}</p> : null}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          // Enter in the field: the dialog's button sends it, so the reason is checked once.
          event.preventDefault();
        }}
      >
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

function ApproveDialog({ request, onDone }: { request: StaffContactRequest | null; onDone: () => void }) {
  const approve = useApproveContactRequest();
  const { showToast } = useToast();
  return (
    <ConfirmDialog
      open={request !== null}
      title={request ? `Approve the request of ${request.organization.name}?` : ''}
      confirmLabel="Approve"
      busyLabel="Approving…"
      onConfirm={async () => {
        if (!request) return;
        await approve.mutateAsync(request.id);
        showToast(
          request.kind === 'technical_contact'
            ? `Approved: ${request.name ?? 'the technical contact'} was added to ${request.organization.name} and invited by email.`
            : `Approved: the main contact role of ${request.organization.name} was handed over.`,
        );
      }}
      onClose={onDone}
    >
      {request ? (
        <>
          <p>{whatIsRequested(request)}</p>
          {request.kind === 'technical_contact' ? (
            <p>
              {describeSeatUse(request.organization.seats)}.{' '}
              {request.exceedsAllowance ? 'Approving adds a seat beyond the tier.' : 'A seat is free.'}
            </p>
          ) : null}
        </>
      ) : null}
      <p>The requester is told by email.</p>
    </ConfirmDialog>
  );
}

type Decision = { kind: 'approve' | 'decline'; request: StaffContactRequest } | null;

/** Pending contact requests, oldest first, with what staff need to decide; deciding for those who may. */
export function PendingContactRequests({ canDecide }: { canDecide: boolean }) {
  const requests = usePendingContactRequests();
  const [decision, setDecision] = useState<Decision>(null);
  const done = () => setDecision(null);
  return (
    <div className="card">
      {canDecide ? null : (
        <p className="notice" role="note">
          You can follow this queue, but your role cannot approve or decline requests: account managers and
          administrators decide them.
        </p>
      )}
      <ApproveDialog request={decision?.kind === 'approve' ? decision.request : null} onDone={done} />
      <DeclineDialog request={decision?.kind === 'decline' ? decision.request : null} onDone={done} />
      <Table
        caption="Pending contact requests, oldest first"
        rowKey={(request) => request.id}
        state={tableStateOf(requests, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading the pending requests…"
        errorSummary="The pending contact requests could not be loaded."
        empty={{ message: 'No contact requests are waiting for a decision.' }}
        pages={{ query: requests, failureSummary: 'More pending requests could not be loaded.' }}
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
                {whatIsRequested(request)}
                {request.reason ? <p className="muted">“{request.reason}”</p> : null}
                {request.emailInUse ? (
                  <p>
                    <strong>This email already has an account elsewhere: it cannot be approved.</strong>
                  </p>
                ) : null}
              </>
            ),
          },
          {
            key: 'seats',
            header: 'Tier and seats',
            cell: (request) => (
              <>
                <strong>
                  {request.organization.tier
                    ? tierLabels[request.organization.tier]
                    : 'No active subscription'}
                </strong>
                <br />
                {describeSeatUse(request.organization.seats)}
                {request.kind === 'technical_contact' ? (
                  <p>{request.exceedsAllowance ? <strong>Beyond the allowance</strong> : 'A seat is free'}</p>
                ) : null}
              </>
            ),
          },
          {
            key: 'requested',
            header: 'Requested',
            cell: (request) => <time dateTime={request.createdAt}>{formatInstant(request.createdAt)}</time>,
          },
          ...(canDecide
            ? [
                {
                  key: 'decision',
                  header: <span className="visually-hidden">Decision</span>,
                  cell: (request: StaffContactRequest) => (
                    <div className="decision-actions">
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
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
