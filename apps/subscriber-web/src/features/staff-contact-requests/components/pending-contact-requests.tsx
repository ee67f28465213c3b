import { isApiError } from '@portals/api-client';
import type { StaffContactRequest } from '@portals/domain';
import {
  ApiErrorMessage,
  FormError,
  formatInstant,
  formValue,
  LoadMore,
  TextField,
  tierLabels,
} from '@portals/web-ui';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useApproveContactRequest } from '../api/approve-contact-request';
import { useDeclineContactRequest } from '../api/decline-contact-request';
import { usePendingContactRequests } from '../api/get-pending-contact-requests';

const whatIsRequested = (request: StaffContactRequest): string =>
  request.kind === 'technical_contact'
    ? `Additional technical contact: ${request.name ?? ''} (${request.email ?? ''})`
    : 'Main contact handover to another current contact';

/** Declining needs a reason: the requester is told it. */
function DeclineForm({ request, onDone }: { request: StaffContactRequest; onDone: () => void }) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const decline = useDeclineContactRequest();
  const [checkError, setCheckError] = useState<string | undefined>();
  useEffect(() => headingRef.current?.focus(), []);
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = formValue(new FormData(event.currentTarget), 'reason').trim();
    setCheckError(reason ? undefined : 'Give the reason: the requester is told it.');
    if (!reason) return;
    decline.mutate({ requestId: request.id, reason }, { onSuccess: onDone });
  };
  return (
    <section className="notice" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        Decline the request of {request.organization.name}
      </h3>
      <p>{whatIsRequested(request)}</p>
      {decline.isError ? <FormError error={decline.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <TextField
          label="Reason"
          name="reason"
          required
          maxLength={2000}
          autoComplete="off"
          hint="The requester receives it by email and sees it in the portal."
          error={
            checkError ?? (isApiError(decline.error) ? decline.error.fieldError('body.reason') : undefined)
          }
        />
        <div className="actions">
          <button className="button button-danger" type="submit" disabled={decline.isPending}>
            {decline.isPending ? 'Declining…' : 'Decline the request'}
          </button>
          <button className="button button-secondary" type="button" onClick={onDone}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function ApproveButton({ request }: { request: StaffContactRequest }) {
  const approve = useApproveContactRequest();
  return (
    <>
      {approve.isError ? <FormError error={approve.error} /> : null}
      <button
        className="button"
        type="button"
        aria-label={`Approve the request of ${request.organization.name}`}
        disabled={approve.isPending}
        onClick={() => approve.mutate(request.id)}
      >
        {approve.isPending ? 'Approving…' : 'Approve'}
      </button>
    </>
  );
}

/** Pending contact requests, oldest first, with what staff need to decide; deciding for those who may. */
export function PendingContactRequests({ canDecide }: { canDecide: boolean }) {
  const requests = usePendingContactRequests();
  const [declining, setDeclining] = useState<StaffContactRequest | null>(null);
  if (requests.isPending) return <p role="status">Loading the pending requests…</p>;
  if (requests.isError && !requests.isFetchNextPageError) {
    return (
      <ApiErrorMessage
        summary="The pending contact requests could not be loaded."
        error={requests.error}
        onRetry={() => {
          void requests.refetch();
        }}
      />
    );
  }
  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];
  if (items.length === 0) return <p className="card">No contact requests are waiting for a decision.</p>;
  return (
    <div className="card">
      {declining ? (
        <DeclineForm key={declining.id} request={declining} onDone={() => setDeclining(null)} />
      ) : null}
      <div className="table-scroll">
        <table className="table">
          <caption>Pending contact requests, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">Request</th>
              <th scope="col">Tier</th>
              <th scope="col" className="number">
                Allowance
              </th>
              <th scope="col" className="number">
                Seats in use
              </th>
              <th scope="col">Beyond the allowance</th>
              <th scope="col">Requested</th>
              {canDecide ? (
                <th scope="col">
                  <span className="visually-hidden">Decision</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {items.map((request) => (
              <tr key={request.id}>
                <th scope="row">{request.organization.name}</th>
                <td>
                  {whatIsRequested(request)}
                  {request.reason ? <p className="muted">“{request.reason}”</p> : null}
                  {request.emailInUse ? (
                    <p>
                      <strong>This email already has an account elsewhere: it cannot be approved.</strong>
                    </p>
                  ) : null}
                </td>
                <td>
                  {request.organization.tier
                    ? tierLabels[request.organization.tier]
                    : 'No active subscription'}
                </td>
                <td className="number">{request.organization.technicalSeatsIncluded}</td>
                <td className="number">{request.organization.technicalSeatsInUse}</td>
                <td>{request.exceedsAllowance ? <strong>Yes</strong> : 'No'}</td>
                <td>
                  <time dateTime={request.createdAt}>{formatInstant(request.createdAt)}</time>
                </td>
                {canDecide ? (
                  <td className="nowrap">
                    <ApproveButton request={request} />{' '}
                    <button
                      className="button button-secondary"
                      type="button"
                      aria-label={`Decline the request of ${request.organization.name}`}
                      onClick={() => setDeclining(request)}
                    >
                      Decline
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore query={requests} failureSummary="More pending requests could not be loaded." />
    </div>
  );
}
